namespace Collector.Grafana;

/// <summary>Grafana answered a request with an error status; <see cref="ServerMessage"/> is its <c>message</c>, if any.</summary>
internal sealed class GrafanaApiException(int status, string method, string path, string? serverMessage)
    : Exception($"Grafana answered {status} to {method} /{path}{(serverMessage is null ? "" : ": " + serverMessage)}")
{
    public int Status { get; } = status;
    public string Method { get; } = method;
    public string Path { get; } = path;
    public string? ServerMessage { get; } = serverMessage;
}
