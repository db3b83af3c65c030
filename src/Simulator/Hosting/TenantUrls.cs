using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Simulator.Hosting;

/// <summary>Where tenant i of <c>--tenants N</c> listens: each of the <c>--urls</c> with its port moved on by i.</summary>
public static class TenantUrls
{
    /// <summary>
    /// <paramref name="urls"/> (';' between several) for <paramref name="tenant"/>: tenant 0 keeps them as given, tenant i
    /// adds i to each port; port 0 (any free port) stays 0. A port moved past 65535 is an <see cref="ArgumentException"/>.
    /// </summary>
    public static string For(string urls, int tenant)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (tenant == 0) return urls;
        var shifted = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url =>
        {
            var address = BindingAddress.Parse(url);
            if (address.Port == 0) return url;
            var port = address.Port + tenant;
            if (port > 65535) throw new ArgumentException($"--tenants: tenant {tenant} would listen on port {port}, past 65535; choose a lower --urls port.");
            return $"{address.Scheme}://{address.Host}:{port.ToString(CultureInfo.InvariantCulture)}{address.PathBase}";
        });
        return string.Join(';', shifted);
    }
}
