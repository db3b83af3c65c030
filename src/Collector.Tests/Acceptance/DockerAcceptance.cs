using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Collector.Tests.Demo;
using Docker.DotNet;
using DotNet.Testcontainers.Configurations;

namespace Collector.Tests.Acceptance;

/// <summary>
/// Whether this machine can run the Docker acceptance tests: Testcontainers finds a Docker engine it can use, and the
/// real images docker-compose.yml names are already on it (the tests never pull). Decided once, in a few seconds at
/// most, when the tests are discovered; <see cref="SkipReason"/> says what is missing and how to run them.
/// </summary>
public static class DockerAcceptance
{
    /// <summary>The images the tests start: the ones docker-compose.yml runs, so the two stay in step.</summary>
    public static IReadOnlyList<string> Images { get; } =
        [(string)ComposeFile.Service("influxdb")["image"], (string)ComposeFile.Service("grafana")["image"]];

    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    static readonly Lazy<string?> Reason = new(() =>
    {
        try
        {
            var missing = ProbeAsync().GetAwaiter().GetResult();
            return missing is null ? null : $"{missing}. {HowToRun}";
        }
        catch (Exception e)
        {
            return $"Probing Docker failed ({e.GetType().Name}: {e.Message}). {HowToRun}";
        }
    });

    /// <summary>Null when the acceptance tests can run here; else what is missing and how to run them.</summary>
    public static string? SkipReason => Reason.Value;

    public static string HowToRun =>
        "To run these tests: a Docker Engine 25 or later (Docker API 1.44, as Testcontainers 4 requires) that Testcontainers " +
        "can reach (DOCKER_HOST or /var/run/docker.sock), the images pulled with " +
        string.Join(" && ", Images.Select(i => $"docker pull {i}")) +
        ", then: dotnet test Collector.sln --filter FullyQualifiedName~Collector.Tests.Acceptance";

    /// <summary>Null when all is there; else one sentence of what is missing.</summary>
    static async Task<string?> ProbeAsync()
    {
        var endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig;
        if (endpoint is null)
            return "Docker acceptance tests skipped: Testcontainers finds no Docker engine it can use" + await OlderEngineAsync();

        using var timeout = new CancellationTokenSource(ProbeTimeout);
        using var client = endpoint.GetDockerClientBuilder(Guid.NewGuid()).WithTimeout(ProbeTimeout).Build();
        var absent = new List<string>();
        foreach (var image in Images)
        {
            try
            {
                await client.Images.InspectImageAsync(image, timeout.Token);
            }
            catch (DockerImageNotFoundException)
            {
                absent.Add(image);
            }
        }
        return absent.Count == 0
            ? null
            : $"Docker acceptance tests skipped: the Docker engine at {endpoint.Endpoint} does not have {string.Join(" and ", absent)} (the tests never pull images)";
    }

    /// <summary>
    /// Why Testcontainers found none: an engine may answer on the usual socket but speak an older API than
    /// Testcontainers asks for (Debian 12's docker.io 20.10 speaks 1.41).
    /// </summary>
    static async Task<string> OlderEngineAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = host is not null && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : host is null ? "/var/run/docker.sock" : null;
        if (socket is null) return $" at DOCKER_HOST={host}";
        if (!File.Exists(socket)) return $" (no Docker socket at {socket})";
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(s, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = ProbeTimeout };
            var version = await http.GetFromJsonAsync<JsonElement>("version");
            return $": the engine at unix://{socket} is Docker {version.GetProperty("Version").GetString()} with API {version.GetProperty("ApiVersion").GetString()}, older than Testcontainers accepts";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or IOException or JsonException or KeyNotFoundException)
        {
            return $" (nothing answers at unix://{socket}: {e.Message})";
        }
    }
}

/// <summary>
/// A fact that runs only where <see cref="DockerAcceptance"/> finds Docker and the images; elsewhere it is skipped,
/// at discovery, with the reason and how to run it.
/// </summary>
public sealed class DockerAcceptanceFactAttribute : FactAttribute
{
    public DockerAcceptanceFactAttribute()
    {
        if (DockerAcceptance.SkipReason is { } reason) Skip = reason;
    }
}
