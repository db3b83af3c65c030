using Collector.Configuration;
using Collector.Diagnostics;
using Collector.Diagnostics.Pbx;
using Collector.ThreeCx;
using static Collector.Tests.Live.Support.LiveWorld;

namespace Collector.Tests.Diagnostics;

/// <summary><c>collector check</c>'s users step counts logged-in users by the same rule as the live wallboard.</summary>
public sealed class UsersStepTests
{
    static readonly XapiUser[] Users =
    [
        User("101") with { QueueStatus = null },                     // no QueueStatus: logged in (3CX's default)
        User("102") with { QueueStatus = null },
        User("103") with { QueueStatus = "" },
        User("104"),                                                 // LoggedIn
        User("105", queueStatus: "loggedout"),                       // logged out, whatever the case
        User("106", registered: false) with { QueueStatus = null },  // not registered: not counted
        User("107", queueStatus: "LoggedIn", registered: false),
    ];

    [Fact]
    public async Task UsersWithoutAQueueStatusAreLoggedInForCheckAsForTheLiveRules()
    {
        var result = await new UsersStep().RunAsync(Context(Users), CancellationToken.None);
        var live = Derive([], [Queue("800", "Sales", [.. Users.Select(u => u.Number!)])], Users);

        Assert.Equal(4, live.Pbx.AgentsLoggedIn);
        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal(
            "7 user(s): 5 registered, 4 logged in to queues (registered and not LoggedOut, as the wallboard counts agents); "
            + "4 without a QueueStatus, which counts as logged in (3CX's default).",
            result.Verdict);
        Assert.Equal((4, 1, 2), (live.Queue("800").AgentsLoggedIn, live.Pbx.AgentsLoggedOut, live.Pbx.AgentsOffline));
    }

    [Fact]
    public async Task WhenEveryUserHasAQueueStatusTheVerdictSaysOnlyTheCounts()
    {
        XapiUser[] users = [User("101"), User("102", queueStatus: "LoggedOut"), User("103", registered: false)];

        var result = await new UsersStep().RunAsync(Context(users), CancellationToken.None);

        Assert.Equal("3 user(s): 2 registered, 1 logged in to queues (registered and not LoggedOut, as the wallboard counts agents).", result.Verdict);
    }

    static PbxCheckContext Context(IReadOnlyList<XapiUser> users)
    {
        var pbx = new PbxOptions { Name = "test", BaseUrl = new Uri("https://pbx.invalid/"), ClientId = "collector", ClientSecret = "secret" };
        return new PbxCheckContext(pbx, new UsersOnlyClient(users), new HttpClient(), TimeProvider.System);
    }

    /// <summary>A PBX that answers only <c>Users</c>, with the users given.</summary>
    sealed class UsersOnlyClient(IReadOnlyList<XapiUser> users) : IXapiClient
    {
        public Task<IReadOnlyList<XapiUser>> GetUsersAsync(CancellationToken cancellationToken) => Task.FromResult(users);

        public Task<TokenInfo> AuthenticateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string?> GetVersionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public IAsyncEnumerable<CallLogEntry> GetCallLogAsync(CallLogQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<ActiveCall>> GetActiveCallsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<XapiQueue>> GetQueuesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<QueuePerformanceTotals>> GetQueuePerformanceTotalsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<StatisticSla>> GetStatisticSlaAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<AbandonedQueueCall>> GetAbandonedQueueCallsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<QueueAnsweredCallByWaitTime>> GetQueueAnsweredCallsByWaitTimeAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
