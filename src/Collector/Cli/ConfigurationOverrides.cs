using Collector.Configuration;

namespace Collector.Cli;

/// <summary>
/// Configuration overrides given on the command line after the verb: <c>--Influx:Url=http://db:8086</c>,
/// <c>--Influx:Url http://db:8086</c> or the environment spelling <c>--Influx__Url=…</c>. Anything else that the
/// command does not know is an error, so a mistyped option is not silently ignored.
/// </summary>
internal static class ConfigurationOverrides
{
    public static IReadOnlyDictionary<string, string?> Parse(IReadOnlyList<string> tokens)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var body = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : token.StartsWith('/') ? token[1..] : null;
            var equals = body?.IndexOf('=') ?? -1;
            var key = (equals >= 0 ? body![..equals] : body)?.Replace("__", ":", StringComparison.Ordinal);
            if (key is null || !key.Contains(':') || key.StartsWith(':') || key.EndsWith(':'))
                throw new UsageException($"Unrecognised argument '{token}'. Configuration overrides look like --Section:Key=value (e.g. --Influx:Url=http://127.0.0.1:8086).");

            string value;
            if (equals >= 0) value = body![(equals + 1)..];
            else if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal)) value = tokens[++i];
            else throw new UsageException($"The override '{token}' has no value; write {token}=value.");
            overrides[key] = value;
        }
        return overrides;
    }
}

/// <summary>The command line itself is wrong (not the configuration); the message says how to write it.</summary>
internal sealed class UsageException(string message) : Exception(message);
