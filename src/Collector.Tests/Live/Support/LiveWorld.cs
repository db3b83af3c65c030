using Collector.Live.Derivation;
using Collector.ThreeCx;

namespace Collector.Tests.Live.Support;

/// <summary>Small builders for the XAPI entities a snapshot reads, with the PBX's clock at <see cref="Now"/>.</summary>
static class LiveWorld
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static XapiQueue Queue(string number, string name, params string[] members) => new()
    {
        Id = int.Parse(number, System.Globalization.CultureInfo.InvariantCulture),
        Number = number,
        Name = name,
        Agents = [.. members.Select(m => new QueueAgent { Number = m, Name = $"Agent {m}" })],
    };

    public static XapiUser User(string number, string profile = "Available", string queueStatus = "LoggedIn", bool registered = true,
        string? displayName = null) => new()
    {
        Number = number,
        FirstName = "First" + number,
        LastName = "Last" + number,
        DisplayName = displayName ?? $"User {number}",
        IsRegistered = registered,
        CurrentProfileName = profile,
        QueueStatus = queueStatus,
    };

    /// <summary>An active call whose status changed <paramref name="secondsAgo"/> before <see cref="Now"/>.</summary>
    public static ActiveCall Call(string caller, string callee, string status, double secondsAgo = 10, int id = 1) => new()
    {
        Id = id,
        Caller = caller,
        Callee = callee,
        Status = status,
        LastChangeStatus = Now.AddSeconds(-secondsAgo),
        EstablishedAt = Now.AddSeconds(-secondsAgo - 5),
        ServerNow = Now,
    };

    public static LiveSnapshot Derive(IEnumerable<ActiveCall> calls, IEnumerable<XapiQueue> queues, IEnumerable<XapiUser> users,
        SystemStatus? status = null) =>
        LiveDerivation.Derive(new LiveInputs([.. calls], [.. queues], [.. users], status, Now));

    public static AgentLive Agent(this LiveSnapshot snapshot, string number) => snapshot.Agents.Single(a => a.Number == number);

    public static QueueLive Queue(this LiveSnapshot snapshot, string number) => snapshot.Queues.Single(q => q.Number == number);
}
