using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;
using Collector.ThreeCx.Resilience;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Tests.ThreeCx;

/// <summary>The retry policy end to end through the real client, against an in-test handler and a fake clock.</summary>
public class RetryPolicyTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    const string Status = "/xapi/v1/SystemStatus";
    const string Ok = """{"Version":"20.0.10.1"}""";

    static (IXapiClient Client, StubPbx Pbx, ClockDriver Clock) Build(Action<XapiOptions>? configure = null)
    {
        var options = XapiHarness.FastOptions();
        configure?.Invoke(options);
        var clock = new ClockDriver(Start) { Ignored = options.RequestTimeout };
        var pbx = new StubPbx(clock);
        return (XapiHarness.Client(XapiHarness.Services(options, clock, pbx)), pbx, clock);
    }

    /// <summary>Lets each delay the client starts elapse, exactly, until <paramref name="work"/> completes.</summary>
    static async Task<T> DriveAsync<T>(ClockDriver clock, Task<T> work, List<TimeSpan> delays)
    {
        while (true)
        {
            var next = clock.NextDelayAsync();
            if (await Task.WhenAny(work, next) == work) return await work;
            var delay = await next;
            delays.Add(delay);
            clock.Advance(delay);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public async Task A429IsRetriedAfterExactlyTheSecondsInRetryAfterWithOrWithoutJitter(double jitter)
    {
        var (client, pbx, clock) = Build(o => o.RetryJitter = jitter);
        pbx.Then(Status, StubPbx.Status(429, TimeSpan.FromSeconds(7))).Then(Status, StubPbx.Json(200, Ok));
        var delays = new List<TimeSpan>();

        var status = await DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays);

        Assert.Equal("20.0.10.1", status.Version);
        Assert.Equal([TimeSpan.FromSeconds(7)], delays);
        Assert.Equal([Start, Start.AddSeconds(7)], pbx.To(Status).Select(r => r.At));
    }

    [Fact]
    public async Task ARetryAfterDateIsHonouredRelativeToTheClock()
    {
        var (client, pbx, clock) = Build();
        var answer = StubPbx.Status(503);
        answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Start.AddSeconds(42));
        pbx.Then(Status, answer).Then(Status, StubPbx.Json(200, Ok));
        var delays = new List<TimeSpan>();

        await DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays);

        Assert.Equal([TimeSpan.FromSeconds(42)], delays);
    }

    [Fact]
    public async Task ARetryAfterBeyondTheMaximumIsCapped()
    {
        var (client, pbx, clock) = Build(o => o.RetryAfterMax = TimeSpan.FromSeconds(20));
        pbx.Then(Status, StubPbx.Status(429, TimeSpan.FromHours(1))).Then(Status, StubPbx.Json(200, Ok));
        var delays = new List<TimeSpan>();

        await DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays);

        Assert.Equal([TimeSpan.FromSeconds(20)], delays);
    }

    [Fact]
    public async Task WithoutRetryAfterTheBackOffDoublesAndThenTheKindSurfaces()
    {
        var (client, pbx, clock) = Build(o => o.MaxRetries = 3);
        pbx.Default = _ => Task.FromResult(StubPbx.Status(503));
        var delays = new List<TimeSpan>();

        var error = await Assert.ThrowsAsync<XapiException>(() => DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays));

        Assert.Equal((XapiFailureKind.ServerError, 503), (error.Kind, error.StatusCode));
        Assert.Equal([1, 2, 4], delays.Select(d => d.TotalSeconds));
        Assert.Equal(4, pbx.To(Status).Count());
    }

    [Fact]
    public async Task ARetryAfterOfZeroLeavesTheBackOffInsteadOfRetryingAtOnce()
    {
        var (client, pbx, clock) = Build();
        pbx.Then(Status, StubPbx.Status(429, TimeSpan.Zero)).Then(Status, StubPbx.Json(200, Ok));
        var delays = new List<TimeSpan>();

        await DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays);

        Assert.Equal([TimeSpan.FromSeconds(1)], delays);
    }

    [Fact]
    public async Task WithoutJitterTheBackOffDoublesUpToRetryMaxDelay()
    {
        var (client, pbx, clock) = Build(o => (o.MaxRetries, o.RetryMaxDelay) = (6, TimeSpan.FromSeconds(10)));
        pbx.Default = _ => Task.FromResult(StubPbx.Status(503));
        var delays = new List<TimeSpan>();

        await Assert.ThrowsAsync<XapiException>(() => DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays));

        Assert.Equal([1, 2, 4, 8, 10, 10], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task WithJitterEachWaitIsRandomWithinItsBoundAndTheTotalWaitStillDoublesPerRetry()
    {
        var random = new Random(2026);
        var runs = new List<List<TimeSpan>>();
        for (var run = 0; run < 40; run++)
            runs.Add(await DelaysOfAlwaysFailingCallAsync(o => (o.RetryJitter, o.MaxRetries, o.RetryMaxDelay) = (0.2, 6, TimeSpan.FromDays(1)), random.NextDouble));

        foreach (var delays in runs)
        {
            Assert.Equal(6, delays.Count);
            for (var n = 1; n <= delays.Count; n++)
            {
                // Retry n waits between 0 and 1.4 × 2^(n-1) s; all waits up to it add up to 2^(n-2) … 2^n s.
                Assert.InRange(delays[n - 1].TotalSeconds, 0, 1.4 * Math.Pow(2, n - 1));
                if (n >= 2)
                    Assert.InRange(delays.Take(n).Sum(d => d.TotalSeconds), Math.Pow(2, n - 2), Math.Pow(2, n));
            }
        }
        Assert.True(runs.Select(r => r[0]).Distinct().Count() > 30, "the first waits should differ from run to run");
    }

    [Fact]
    public async Task WithJitterNoWaitIsLongerThanRetryMaxDelay()
    {
        var random = new Random(7);
        var delays = new List<TimeSpan>();
        for (var run = 0; run < 20; run++)
            delays.AddRange(await DelaysOfAlwaysFailingCallAsync(o => (o.RetryJitter, o.MaxRetries, o.RetryMaxDelay) = (0.2, 8, TimeSpan.FromSeconds(5)), random.NextDouble));

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        Assert.Contains(TimeSpan.FromSeconds(5), delays);
    }

    /// <summary>The waits of one PBX pipeline (fresh, so its circuit stays closed) around an attempt that always fails with a 503.</summary>
    static async Task<List<TimeSpan>> DelaysOfAlwaysFailingCallAsync(Action<XapiOptions> configure, Func<double> random)
    {
        var options = XapiHarness.FastOptions();
        configure(options);
        var clock = new ClockDriver(Start) { Ignored = options.RequestTimeout };
        var pipeline = XapiPipeline.Create(options, clock, random, NullLogger.Instance, "test");
        var failure = new XapiException(XapiFailureKind.ServerError, "503", Status, 503, retry: XapiRetry.Full);
        var call = pipeline.ExecuteAsync<bool>(_ => throw failure).AsTask();
        var delays = new List<TimeSpan>();
        await Assert.ThrowsAsync<XapiException>(() => DriveAsync(clock, call, delays));
        return delays;
    }

    [Fact]
    public async Task A500IsRetriedOnlyALittle()
    {
        var (client, pbx, clock) = Build(o => (o.MaxRetries, o.ServerErrorRetries) = (3, 1));
        pbx.Default = _ => Task.FromResult(StubPbx.Status(500));
        var delays = new List<TimeSpan>();

        var error = await Assert.ThrowsAsync<XapiException>(() => DriveAsync(clock, client.GetSystemStatusAsync(CancellationToken.None), delays));

        Assert.Equal(XapiFailureKind.ServerError, error.Kind);
        Assert.Equal(2, pbx.To(Status).Count());
    }

    [Theory]
    [InlineData(400, XapiFailureKind.BadRequest)]
    [InlineData(403, XapiFailureKind.Forbidden)]
    [InlineData(404, XapiFailureKind.EndpointNotFound)]
    public async Task ClientErrorsFailFastWithoutRetry(int status, XapiFailureKind kind)
    {
        var (client, pbx, _) = Build();
        pbx.Default = _ => Task.FromResult(StubPbx.ODataError(status, "no"));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetSystemStatusAsync(CancellationToken.None));

        Assert.Equal((kind, status, "no"), (error.Kind, error.StatusCode, error.ServerMessage));
        Assert.Single(pbx.To(Status));
    }

    [Fact]
    public async Task MalformedJsonIsReportedAndNotRetried()
    {
        var (client, pbx, _) = Build();
        pbx.Default = _ => Task.FromResult(StubPbx.Json(200, """{"value":[{"Id":1,"Caller":"""));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetActiveCallsAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
        Assert.Single(pbx.To("/xapi/v1/ActiveCalls"));
    }

    [Fact]
    public async Task AnAnswerWithoutAValueArrayIsMalformed()
    {
        var (client, pbx, _) = Build();
        pbx.Default = _ => Task.FromResult(StubPbx.Json(200, """{"@odata.context":"x"}"""));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task AnAttemptThatNeverAnswersTimesOutIsRetriedThenSurfacesAsTimeout()
    {
        // Real clock, tiny timeout: this checks the outcome, not how long it took.
        var options = XapiHarness.FastOptions();
        (options.RequestTimeout, options.MaxRetries, options.RetryBaseDelay) = (TimeSpan.FromMilliseconds(50), 2, TimeSpan.FromMilliseconds(1));
        var pbx = new StubPbx(TimeProvider.System);
        pbx.Then("/connect/token", StubPbx.Json(200, """{"access_token":"t","expires_in":60}"""));
        pbx.Default = async request =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            return StubPbx.Status(200);
        };
        var client = XapiHarness.Client(XapiHarness.Services(options, TimeProvider.System, pbx));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetQueuesAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.Timeout, error.Kind);
        Assert.Contains("did not answer /xapi/v1/Queues", error.Message);
        Assert.Equal(3, pbx.To("/xapi/v1/Queues").Count());
    }

    [Fact]
    public async Task CancellationByTheCallerIsNotAFailure()
    {
        var (client, pbx, _) = Build();
        pbx.Default = async request =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            return StubPbx.Status(200);
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetUsersAsync(cts.Token));
    }
}
