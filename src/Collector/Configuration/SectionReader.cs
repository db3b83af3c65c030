using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// Reads typed values from one configuration section. Every problem becomes a <see cref="ConfigurationException"/>
/// naming the full key, so the user sees one line instead of a binder stack trace. Empty values count as not set.
/// </summary>
internal sealed partial class SectionReader(IConfigurationSection section, params string[] knownKeys)
{
    public string Path => section.Path;

    public string KeyPath(string key) => $"{section.Path}:{key}";

    public bool IsSet(string key) => String(key) is not null;

    public string? String(string key)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string Required(string key, string hint)
        => String(key) ?? throw new ConfigurationException(KeyPath(key), $"is not set; {hint}");

    public int Int(string key, int defaultValue, int min, int max, string unit)
    {
        var text = String(key);
        if (text is null) return defaultValue;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new ConfigurationException(KeyPath(key), $"\"{text}\" is not a whole number of {unit}.");
        if (value < min || value > max)
            throw new ConfigurationException(KeyPath(key), $"{value} is out of range; use {min} to {max} {unit}.");
        return value;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var text = String(key);
        if (text is null) return defaultValue;
        return bool.TryParse(text, out var value)
            ? value
            : throw new ConfigurationException(KeyPath(key), $"\"{text}\" is not true or false.");
    }

    public TimeSpan Duration(string key, TimeSpan defaultValue, TimeSpan min, TimeSpan max)
    {
        var text = String(key);
        if (text is null) return defaultValue;
        if (BareNumber().IsMatch(text))
            throw new ConfigurationException(KeyPath(key),
                $"\"{text}\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds.");
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
            throw new ConfigurationException(KeyPath(key), $"\"{text}\" is not a duration; write hh:mm:ss, e.g. 00:01:00.");
        if (value < min || value > max)
            throw new ConfigurationException(KeyPath(key), $"{value:c} is out of range; use {min:c} to {max:c}.");
        return value;
    }

    /// <summary>An enum by name (case-insensitive, never by number); <paramref name="names"/> are the spellings users see.</summary>
    public TEnum Enum<TEnum>(string key, TEnum defaultValue, params string[] names) where TEnum : struct, Enum
    {
        var text = String(key);
        if (text is null) return defaultValue;
        if (!char.IsDigit(text[0]) && text[0] != '-' && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value)
            && System.Enum.IsDefined(value))
            return value;
        throw new ConfigurationException(KeyPath(key), $"\"{text}\" is not one of {string.Join(", ", names)}.");
    }

    /// <summary>An absolute http or https URL without credentials, normalised to end in '/'.</summary>
    public Uri? HttpUrl(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ConfigurationException(KeyPath(key), $"\"{Redact(text)}\" is not an http(s) URL.");
        if (uri.UserInfo.Length > 0)
            throw new ConfigurationException(KeyPath(key), "must not contain a user name or password; use the separate settings for credentials.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ConfigurationException(KeyPath(key), $"\"{text}\" must not contain a query (?…) or fragment (#…).");
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>Rejects keys this section does not know, suggesting the closest known one (typos otherwise go unnoticed).</summary>
    public void RejectUnknownKeys()
    {
        foreach (var child in section.GetChildren())
        {
            if (knownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var closest = knownKeys.MinBy(k => EditDistance.Between(k.ToLowerInvariant(), child.Key.ToLowerInvariant()));
            var hint = closest is not null && EditDistance.Between(closest.ToLowerInvariant(), child.Key.ToLowerInvariant()) <= 3
                ? $"did you mean {KeyPath(closest)}?"
                : $"known settings here: {string.Join(", ", knownKeys)}.";
            throw new ConfigurationException(child.Path, $"is not a known setting; {hint}");
        }
    }

    static string Redact(string url) => UserInfo().Replace(url, "//***@");

    [GeneratedRegex(@"^-?\d+([.,]\d+)?$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"//[^/@]*@")]
    private static partial Regex UserInfo();
}
