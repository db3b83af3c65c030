using System.Net.Http.Headers;

namespace Collector.ThreeCx.Http;

/// <summary>A request description that can be turned into a fresh <see cref="HttpRequestMessage"/> per attempt.</summary>
internal sealed class XapiRequest
{
    XapiRequest(HttpMethod method, string relativeUrl, string? bearerToken, IReadOnlyList<KeyValuePair<string, string>>? form)
    {
        Method = method;
        RelativeUrl = relativeUrl;
        BearerToken = bearerToken;
        Form = form;
    }

    public HttpMethod Method { get; }
    public string RelativeUrl { get; }
    string? BearerToken { get; }
    IReadOnlyList<KeyValuePair<string, string>>? Form { get; }

    public static XapiRequest Get(string relativeUrl, string bearerToken) => new(HttpMethod.Get, relativeUrl, bearerToken, null);

    public static XapiRequest PostForm(string relativeUrl, IReadOnlyList<KeyValuePair<string, string>> form) =>
        new(HttpMethod.Post, relativeUrl, null, form);

    public HttpRequestMessage ToHttpRequest(Uri absoluteUrl)
    {
        var message = new HttpRequestMessage(Method, absoluteUrl);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (BearerToken is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        if (Form is not null) message.Content = new FormUrlEncodedContent(Form);
        return message;
    }

    /// <summary>Never shows the token or form (which holds the secret).</summary>
    public override string ToString() => $"{Method} {RelativeUrl}";
}
