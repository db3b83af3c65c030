namespace Collector.Configuration;

/// <summary>The only way a secret appears in output: whether it is set and how long it is, never its value.</summary>
internal static class Secrets
{
    public static string Describe(string? value, string? fromFile = null)
    {
        if (string.IsNullOrEmpty(value)) return "(not set)";
        var source = string.IsNullOrWhiteSpace(fromFile) ? "" : $", from {fromFile}";
        return $"(set, {value.Length} chars{source})";
    }

    /// <summary>
    /// The secret in effect for <paramref name="key"/> (e.g. <c>Influx:Token</c>): <paramref name="value"/>, or the
    /// contents of <paramref name="file"/> (the <c>…File</c> key) when that is set. Both set is a configuration error.
    /// </summary>
    internal static string? FromFile(string key, string? value, string? file)
    {
        if (file is null) return value;
        if (value is not null)
            throw new ConfigurationException(key + "File", $"and {key} are both set; set only one.");
        return ReadFile(key + "File", file);
    }

    /// <summary>Reads a secret file and trims it (a trailing newline is the usual accident).</summary>
    internal static string ReadFile(string key, string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "does not exist",
                UnauthorizedAccessException => "cannot be read (permission denied)",
                _ => $"cannot be read ({ex.Message})",
            };
            throw new ConfigurationException(key, $"\"{path}\" {why}.");
        }
        var secret = text.Trim();
        if (secret.Length == 0) throw new ConfigurationException(key, $"\"{path}\" is empty.");
        return secret;
    }
}
