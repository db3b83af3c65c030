using Collector.Tests.ThreeCx.Support;

namespace Collector.Tests.ThreeCx;

/// <summary>Each route of the contract against the simulator: the client reads what the PBX serves.</summary>
public class SimulatorRoutesTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse(SimulatorXapi.Start, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryLiveRouteIsReadWithItsFields()
    {
        await using var x = await SimulatorXapi.StartAsync();
        var client = x.Client;

        var info = await client.AuthenticateAsync(CancellationToken.None);
        var version = await client.GetVersionAsync(CancellationToken.None);
        var status = await client.GetSystemStatusAsync(CancellationToken.None);
        var calls = await client.GetActiveCallsAsync(CancellationToken.None);
        var queues = await client.GetQueuesAsync(CancellationToken.None);
        var users = await client.GetUsersAsync(CancellationToken.None);

        Assert.True(info.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.Equal("20.0.10.975", version);
        Assert.Equal(version, status.Version);
        Assert.Equal(calls.Count, status.CallsActive);
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.True(c.Id is not null && c.Caller is not null && c.Status is not null && c.ServerNow is not null));
        Assert.Equal(["800", "801", "802"], queues.Select(q => q.Number));
        Assert.All(queues.SelectMany(q => q.Agents), a => Assert.Matches("^1[0-9][0-9]$", a.Number));
        Assert.Equal(12, users.Count);
        Assert.All(users, u => Assert.True(u.Number is not null && u.IsRegistered is not null && u.QueueStatus is "LoggedIn" or "LoggedOut"));
        Assert.Contains(users, u => u.CurrentProfileName == "Available");
    }

    [Fact]
    public async Task ReportFunctionsAreCalledWithTypedLiteralsAndRead()
    {
        await using var x = await SimulatorXapi.StartAsync();
        var client = x.Client;

        var (from, to) = (Now.AddHours(-24), Now);

        var totals = await client.GetQueuePerformanceTotalsAsync(from, to, "", TimeSpan.FromSeconds(5), CancellationToken.None);
        var sla = await client.GetStatisticSlaAsync(from, to, "800", TimeSpan.FromSeconds(20), CancellationToken.None);
        var abandoned = await client.GetAbandonedQueueCallsAsync(from, to, "801", TimeSpan.FromSeconds(5), CancellationToken.None);
        var answered = await client.GetQueueAnsweredCallsByWaitTimeAsync(from, to, "801", TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(["800", "801", "802"], totals.Select(t => t.QueueDn).Order());
        Assert.All(totals, t => Assert.True(t.QueueReceivedCount > 0));
        var row = Assert.Single(sla);
        Assert.Equal("800", row.QueueDnNumber);
        Assert.True(row.ReceivedCount >= row.BadSlaCallsCount);
        var first = abandoned.Where(a => a.CallTime is not null).ToList();
        Assert.Equal(totals.Single(t => t.QueueDn == "801").ExtensionDroppedCount, first.Count);
        Assert.All(first, a => Assert.True(a.WaitTime >= TimeSpan.FromSeconds(5) && a.CallHistoryId is not null && a.QueueDn == "801"));
        Assert.Equal(totals.Single(t => t.QueueDn == "801").ExtensionAnsweredCount, answered.Count);
        Assert.All(answered, a => Assert.Equal(a.AnsweredTime - a.CallTime, a.RingTime));
    }

    [Fact]
    public async Task ReportRowsAreReadPageByPageAndAPbxCapOnTopLowersThePageSize()
    {
        await using var x = await SimulatorXapi.StartAsync(o => o.PageSize = 50);
        var (from, to) = (Now.AddHours(-24), Now);
        var paged = await x.Client.GetQueueAnsweredCallsByWaitTimeAsync(from, to, "", TimeSpan.Zero, CancellationToken.None);
        Assert.True(paged.Count > 120, $"only {paged.Count} answered calls");
        Assert.Equal(paged.Count, paged.Distinct().Count());

        await x.Sim.SetFaultsAsync(new { topCap = 7 });
        var capped = await x.Client.GetQueueAnsweredCallsByWaitTimeAsync(from, to, "", TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(paged, capped);
        Assert.Contains(x.Warnings, w => w.Contains("caps report pages at 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallLogRowsCarryTheFieldsThePbxSends()
    {
        await using var x = await SimulatorXapi.StartAsync();

        var rows = await x.ReadAllAsync(new(Now.AddHours(-2), Now));

        Assert.All(rows, r => Assert.True(r.CdrId is not null && r.MainCallHistoryId is not null && r.StartTime is not null
            && r.RingingDuration is not null && r.TalkingDuration is not null && r.Direction is not null));
        Assert.Contains(rows, r => r is { Direction: "Inbound Queue", Status: "Waiting" });
        Assert.Contains(rows, r => r.TalkingDuration!.Value.Ticks % TimeSpan.TicksPerSecond != 0);
        Assert.All(rows, r => Assert.InRange(r.StartTime!.Value, Now.AddHours(-2), Now));
    }
}
