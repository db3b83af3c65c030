using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Collector.Configuration;

namespace Collector.Security;

/// <summary>
/// Every secret the collector knows, so that <see cref="Mask"/> can replace each one with <see cref="Replacement"/>
/// in any text before it is shown, logged or stored: the configured ones (each PBX's client secret, InfluxDB's token
/// or password, Grafana's token or password; <see cref="For"/>) and every access token a PBX issues (added by the
/// token client the moment it arrives; the most recent <see cref="MaxTokens"/> are kept, far longer than a 3CX token
/// lives). Each secret is also known in the forms in which an echoing server sends it back: URL- and form-encoded
/// (a request body), JSON-escaped (an error body), and Base64 for a user and password pair (a Basic header).
/// Thread-safe; <see cref="Mask"/> takes no lock.
/// </summary>
internal sealed class SecretRegistry
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Replacement = "***";

    /// <summary>
    /// Secrets shorter than this are not masked: masking "abc" would mangle every message that happens to contain it,
    /// and a secret that short protects nothing anyway.
    /// </summary>
    public const int MinimumLength = 4;

    /// <summary>How many of the most recent access tokens are kept (a 3CX token lives about a minute).</summary>
    public const int MaxTokens = 256;

    readonly Lock _lock = new();
    readonly HashSet<string> _configured = new(StringComparer.Ordinal);
    readonly Queue<string> _tokens = new();
    readonly HashSet<string> _tokenSet = new(StringComparer.Ordinal);
    Matcher? _matcher;

    /// <summary>The registry of everything configured in <paramref name="settings"/>.</summary>
    public static SecretRegistry For(CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var registry = new SecretRegistry();
        foreach (var pbx in settings.Pbxs)
            registry.Add(pbx.ClientSecret);
        registry.Add(settings.Influx.Token);
        registry.Add(settings.Influx.Password);
        registry.AddBasicCredentials(settings.Influx.Username, settings.Influx.Password);
        registry.Add(settings.Grafana.ApiToken);
        registry.Add(settings.Grafana.Password);
        registry.AddBasicCredentials(settings.Grafana.User, settings.Grafana.Password);
        return registry;
    }

    /// <summary>Length of the longest form of a known secret (0 when none is known).</summary>
    public int LongestLength => Volatile.Read(ref _matcher)?.Longest ?? 0;

    /// <summary>Adds a configured secret (null, empty and too short ones are ignored), in every form it may come back in.</summary>
    public void Add(string? secret)
    {
        if (secret is null || secret.Length < MinimumLength) return;
        lock (_lock)
        {
            var added = false;
            foreach (var form in Forms(secret))
                added |= _configured.Add(form);
            if (added) Rebuild();
        }
    }

    /// <summary>Adds an access token as it is obtained; the oldest beyond <see cref="MaxTokens"/> is forgotten.</summary>
    public void AddToken(string? token)
    {
        if (token is null || token.Length < MinimumLength) return;
        lock (_lock)
        {
            if (!_tokenSet.Add(token)) return;
            _tokens.Enqueue(token);
            while (_tokens.Count > MaxTokens)
                _tokenSet.Remove(_tokens.Dequeue());
            Rebuild();
        }
    }

    /// <summary>Adds a user and password as an HTTP Basic header carries them (<c>base64(user:password)</c>).</summary>
    public void AddBasicCredentials(string? user, string? password)
    {
        if (user is null || password is null) return;
        Add(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <see cref="Replacement"/>; the same instance when it holds none.</summary>
    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matcher = Volatile.Read(ref _matcher);
        if (matcher is null || text.Length < matcher.Shortest) return text;
        var span = text.AsSpan();
        var at = span.IndexOfAny(matcher.Values);
        if (at < 0) return text;

        var masked = new StringBuilder(text.Length);
        var start = 0;
        while (at >= 0)
        {
            masked.Append(span[start..at]).Append(Replacement);
            start = at + matcher.LengthAt(span[at..]);
            var next = span[start..].IndexOfAny(matcher.Values);
            at = next < 0 ? -1 : start + next;
        }
        return masked.Append(span[start..]).ToString();
    }

    /// <summary>Whether <paramref name="text"/> holds any known secret.</summary>
    public bool Reveals(string text) =>
        Volatile.Read(ref _matcher) is { } matcher && text.AsSpan().IndexOfAny(matcher.Values) >= 0;

    /// <summary>A secret as it is, and as it comes back URL- or form-encoded (upper- or lower-case hex) or JSON-escaped.</summary>
    static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        var url = Uri.EscapeDataString(secret);
        yield return url;
        yield return url.Replace("%20", "+", StringComparison.Ordinal);   // application/x-www-form-urlencoded
        yield return LowerHex(url);
        yield return JsonEncodedText.Encode(secret).ToString();
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
    }

    static string LowerHex(string url)
    {
        var chars = url.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] != '%') continue;
            chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
            chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
        }
        return new string(chars);
    }

    void Rebuild()
    {
        var all = _configured.Concat(_tokens).Where(s => s.Length >= MinimumLength).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();
        Volatile.Write(ref _matcher, all.Length == 0 ? null : new Matcher(all));
    }

    /// <summary>The known forms, longest first, and a vectorised search for any of them.</summary>
    sealed class Matcher(string[] longestFirst)
    {
        public SearchValues<string> Values { get; } = SearchValues.Create(longestFirst, StringComparison.Ordinal);
        public int Longest { get; } = longestFirst[0].Length;
        public int Shortest { get; } = longestFirst[^1].Length;

        /// <summary>Length of the longest known form <paramref name="text"/> starts with.</summary>
        public int LengthAt(ReadOnlySpan<char> text)
        {
            foreach (var secret in longestFirst)
                if (text.StartsWith(secret, StringComparison.Ordinal))
                    return secret.Length;
            return 1;   // not reached: the search found one here
        }
    }
}
