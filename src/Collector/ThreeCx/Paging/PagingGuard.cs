using System.Globalization;

namespace Collector.ThreeCx.Paging;

/// <summary>
/// Bounds a <c>$top</c>/<c>$skip</c> paging loop, which otherwise trusts the server to move on:
/// <list type="bullet">
/// <item>a full page whose body is byte for byte the page before it means the server (or a caching proxy in front of it)
/// ignores <c>$skip</c>: paging on would ask for that page forever, so the read stops with
/// <see cref="XapiFailureKind.MalformedResponse"/> and a message that says so;</item>
/// <item>more than <see cref="MaxPages"/> pages in one read, or a <c>$skip</c> beyond <see cref="MaxSkip"/>, stops it too: no 3CX
/// report returns that many rows (its REPORT_ROW_LIMIT is at most 80 000), so the server is not paging as OData says.</item>
/// </list>
/// The previous page's body is kept when that page was full (one page more in memory) and compared byte for byte only when
/// the next page is full too: a length check and a vectorised compare, far cheaper than hashing every body.
/// One guard per read; not thread-safe.
/// </summary>
internal sealed class PagingGuard(string pbx, string what)
{
    /// <summary>The most pages one read may take.</summary>
    public const int MaxPages = 100_000;

    /// <summary>The largest <c>$skip</c> one read may reach.</summary>
    public const int MaxSkip = 2_000_000;

    byte[]? _previous;
    int _previousSkip;
    int _pages;

    /// <summary>
    /// Records the page read at <paramref name="skip"/> (<paramref name="full"/>: it had <c>$top</c> rows, so paging
    /// would go on; <paramref name="body"/>: a full page's bytes as received, kept until the next page; a page that is
    /// not full needs none, as no full page can be byte for byte the same as it) and throws when the read makes no progress.
    /// </summary>
    public void Check(string relativeUrl, int skip, bool full, byte[]? body)
    {
        if (full)
            ArgumentNullException.ThrowIfNull(body);
        _pages++;
        if (full && _previous is not null && skip != _previousSkip && body.AsSpan().SequenceEqual(_previous))
            throw Stuck(relativeUrl, string.Create(CultureInfo.InvariantCulture,
                $"the page at $skip={skip} is the same as the page at $skip={_previousSkip}: the PBX, or a proxy or cache in front of it, ignores $skip. Paging stopped; let $skip through to 3CX (do not cache /xapi/)"));
        if (full && (_pages >= MaxPages || skip >= MaxSkip))
            throw Stuck(relativeUrl, string.Create(CultureInfo.InvariantCulture,
                $"{_pages} pages (up to $skip={skip}) and still no last page; no 3CX report has that many rows, so the server is not paging as OData says. Paging stopped"));
        _previous = full ? body : null;
        _previousSkip = skip;
    }

    XapiException Stuck(string relativeUrl, string reason)
    {
        var endpoint = "/" + relativeUrl.Split('?', 2)[0].Split('(', 2)[0].TrimStart('/');
        return new XapiException(XapiFailureKind.MalformedResponse, $"PBX {pbx}: reading {what} made no progress: {reason}.", endpoint, 200);
    }
}
