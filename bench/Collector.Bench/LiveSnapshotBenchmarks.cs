using BenchmarkDotNet.Attributes;
using Collector.Influx.LineProtocol;
using Collector.Live.Derivation;
using Collector.Live.Points;
using Collector.ThreeCx;

namespace Collector.Bench;

/// <summary>
/// One live snapshot of a large call centre (50 queues, 500 agents, 300 active calls) as the collector processes it
/// after the reads: derive queue, agent and PBX state, build the points, encode them as one line-protocol batch. Mean
/// and Allocated are per snapshot. The XAPI reads and the InfluxDB write are I/O and are measured end to end by
/// <c>live-latency</c> instead.
/// </summary>
public class LiveSnapshotBenchmarks
{
    const int Queues = 50;
    const int Agents = 500;
    LiveInputs _inputs = null!;
    LiveSnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = LiveWorkload.Inputs(Queues, Agents);
        _snapshot = LiveDerivation.Derive(_inputs);
    }

    /// <summary>The rules alone: waiting, longest wait, agent states and counts.</summary>
    [Benchmark(Baseline = true)]
    public int Derive() => LiveDerivation.Derive(_inputs).Agents.Count;

    /// <summary>Building the 551 points of a derived snapshot and encoding them into one batch.</summary>
    [Benchmark]
    public int Encode() => LineBatch.From(LivePoints.From("hq", _snapshot)).ByteCount;

    /// <summary>Everything a snapshot costs the collector's CPU between the reads and the write.</summary>
    [Benchmark]
    public int DeriveAndEncode() => LineBatch.From(LivePoints.From("hq", LiveDerivation.Derive(_inputs))).ByteCount;
}

/// <summary>A deterministic large call centre at one instant.</summary>
static class LiveWorkload
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    static readonly string[] Profiles = ["Available", "Available", "Available", "Available", "Available", "Available", "Available", "Away", "Lunch", "Out of office"];

    public static LiveInputs Inputs(int queueCount, int agentCount)
    {
        var numbers = Enumerable.Range(0, agentCount).Select(i => (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var queues = Enumerable.Range(0, queueCount).Select(q => new XapiQueue
        {
            Id = q + 1,
            Number = (800 + q).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Name = $"Queue {q + 1}",
            Agents = [.. Enumerable.Range(0, agentCount)
                .Where(i => i % queueCount == q || (i % 5 < 2 && (i + 1) % queueCount == q))
                .Select(i => new QueueAgent { Id = i, Number = numbers[i], Name = $"Agent {i}" })],
        }).ToList();
        var users = Enumerable.Range(0, agentCount).Select(i => new XapiUser
        {
            Id = i,
            Number = numbers[i],
            FirstName = $"First{i}",
            LastName = $"Last{i}",
            DisplayName = $"First{i} Last{i}",
            IsRegistered = i % 10 != 9,
            CurrentProfileName = Profiles[i * 7 % Profiles.Length],
            QueueStatus = i % 20 == 3 ? "LoggedOut" : "LoggedIn",
            Enabled = true,
        }).ToList();

        var calls = new List<ActiveCall>();
        for (var i = 0; i < 100; i++)   // callers waiting in queues
            calls.Add(Call(calls.Count, $"+4930{100_000 + i}", $"{800 + i % queueCount} Queue {i % queueCount + 1}", i % 4 == 0 ? "Routing" : "Ringing", 3 + i * 1.7));
        for (var i = 0; i < 150; i++)   // answered calls
            calls.Add(Call(calls.Count, $"+4930{200_000 + i}", $"{numbers[i * 3 % agentCount]} First{i * 3 % agentCount} Last{i * 3 % agentCount}", "Talking", 20 + i));
        for (var i = 0; i < 30; i++)    // agents dialling out or talking to customers
            calls.Add(Call(calls.Count, $"{numbers[i * 7 % agentCount + 1]} Agent", $"+4940{300_000 + i}", i % 3 == 0 ? "Ringing" : "Talking", 5 + i));
        for (var i = 0; i < 20; i++)    // callers in the IVR
            calls.Add(Call(calls.Count, $"+4930{400_000 + i}", "8000 Main Menu", "Talking", 2 + i * 0.5));
        return new LiveInputs(calls, queues, users, new SystemStatus { ExtensionsRegistered = 450, ExtensionsTotal = 500, TrunksRegistered = 4, TrunksTotal = 4 }, Now);
    }

    static ActiveCall Call(int id, string caller, string callee, string status, double secondsAgo) => new()
    {
        Id = id,
        Caller = caller,
        Callee = callee,
        Status = status,
        LastChangeStatus = Now.AddSeconds(-secondsAgo),
        EstablishedAt = Now.AddSeconds(-secondsAgo - 10),
        ServerNow = Now,
    };
}
