using Collector.Security;

namespace Collector.Tests.Security;

/// <summary>
/// A body is read straight into an array of its declared length when it has one, and is bounded by the limit whatever
/// the Content-Length says (a content may declare less or more than it holds).
/// </summary>
public class BoundedBodyTests
{
    static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i % 251)).ToArray();

    static StreamContent Declaring(byte[] bytes, long declared)
    {
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentLength = declared;
        return content;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_000)]
    public async Task ABodyOfItsDeclaredLengthIsReadWhole(int length)
    {
        var bytes = Bytes(length);

        var body = await BoundedBody.ReadAsync(new ByteArrayContent(bytes), 1_000_000, truncate: false, CancellationToken.None);

        Assert.Equal(bytes, body);
    }

    [Fact]
    public async Task ABodyShorterThanItsDeclaredLengthIsWhatCame()
    {
        var bytes = Bytes(10);

        var body = await BoundedBody.ReadAsync(Declaring(bytes, 100), 1_000, truncate: false, CancellationToken.None);

        Assert.Equal(bytes, body);
    }

    [Fact]
    public async Task ABodyLongerThanItsDeclaredLengthIsReadOnUpToTheLimit()
    {
        var bytes = Bytes(100_000);

        Assert.Equal(bytes, await BoundedBody.ReadAsync(Declaring(bytes, 10), 200_000, truncate: false, CancellationToken.None));
        Assert.Equal(bytes, await BoundedBody.ReadAsync(Declaring(bytes, 10), 100_000, truncate: false, CancellationToken.None));
        Assert.Null(await BoundedBody.ReadAsync(Declaring(bytes, 10), 99_999, truncate: false, CancellationToken.None));
        Assert.Equal(bytes[..50], await BoundedBody.ReadAsync(Declaring(bytes, 10), 50, truncate: true, CancellationToken.None));
        Assert.Equal(bytes[..10], await BoundedBody.ReadAsync(Declaring(bytes, 10), 10, truncate: true, CancellationToken.None));
        Assert.Null(await BoundedBody.ReadAsync(Declaring(bytes, 10), 10, truncate: false, CancellationToken.None));
    }

    /// <summary>A stream that cannot seek, so its content has no length of its own (as a chunked answer).</summary>
    sealed class Unseekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task ABodyOfNoDeclaredLengthIsCountedAgainstTheLimit()
    {
        var bytes = Bytes(200_000);
        StreamContent Content() => new(new Unseekable(bytes));

        Assert.Null(Content().Headers.ContentLength);
        Assert.Equal(bytes, await BoundedBody.ReadAsync(Content(), 200_000, truncate: false, CancellationToken.None));
        Assert.Null(await BoundedBody.ReadAsync(Content(), 199_999, truncate: false, CancellationToken.None));
        Assert.Equal(bytes[..1_000], await BoundedBody.ReadAsync(Content(), 1_000, truncate: true, CancellationToken.None));
    }

    [Fact]
    public async Task ABodyDeclaredLongerThanTheLimitIsNotReadOrIsCut()
    {
        var bytes = Bytes(1_000);

        Assert.Null(await BoundedBody.ReadAsync(new ByteArrayContent(bytes), 999, truncate: false, CancellationToken.None));
        Assert.Equal(bytes[..999], await BoundedBody.ReadAsync(new ByteArrayContent(bytes), 999, truncate: true, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APooledBodyHoldsTheBytesReceivedUntilItIsDisposed(bool declared)
    {
        var bytes = Bytes(300_000);   // beyond the first 64 KB rented without a declared length, so the buffer grows
        HttpContent content = declared ? new ByteArrayContent(bytes) : new StreamContent(new Unseekable(bytes));

        var body = await BoundedBody.ReadPooledAsync(content, 1_000_000, truncate: false, CancellationToken.None);

        Assert.NotNull(body);
        Assert.Equal(bytes, body.Memory.ToArray());
        body.Dispose();
        Assert.Throws<ObjectDisposedException>(() => body.Memory);
        body.Dispose();   // twice is harmless: the buffer goes back once
    }
}
