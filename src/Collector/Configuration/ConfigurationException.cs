namespace Collector.Configuration;

/// <summary>
/// A configuration value the collector cannot work with. <see cref="Exception.Message"/> is the one line
/// shown to the user: <c>Configuration error: Pbxs:0:BaseUrl "ftp://x" is not an http(s) URL.</c>
/// </summary>
internal sealed class ConfigurationException(string key, string problem)
    : Exception($"Configuration error: {key} {problem}")
{
    /// <summary>The key in its colon form, e.g. <c>Pbxs:0:BaseUrl</c> (environment form: <c>Pbxs__0__BaseUrl</c>).</summary>
    public string Key { get; } = key;
}
