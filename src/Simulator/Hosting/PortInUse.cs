using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;

namespace Simulator.Hosting;

/// <summary>Kestrel's "address already in use" at start, said in one line.</summary>
public static partial class PortInUse
{
    /// <summary>
    /// The one line for <paramref name="startFailure"/> when it is (or wraps) an <see cref="AddressInUseException"/>;
    /// null for any other failure. Kestrel names the address in its <see cref="IOException"/>:
    /// <c>Failed to bind to address http://127.0.0.1:5080: address already in use.</c>
    /// </summary>
    public static string? Describe(Exception startFailure)
    {
        ArgumentNullException.ThrowIfNull(startFailure);
        var chain = new List<Exception>();
        for (var e = startFailure; e is not null; e = e.InnerException) chain.Add(e);
        if (!chain.OfType<AddressInUseException>().Any()) return null;

        var address = chain.Select(e => Address().Match(e.Message)).FirstOrDefault(m => m.Success)?.Value.TrimEnd(':', '.');
        var port = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? $"port {uri.Port}" : "the port";
        return $"{port} is in use ({address ?? startFailure.Message}); choose another with --urls http://127.0.0.1:PORT";
    }

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
