namespace Simulator.Model;

/// <summary>A call queue of the simulated PBX.</summary>
/// <param name="OverflowTo">Index of the queue that takes calls still waiting after <see cref="MasterTimeoutSeconds"/>, if any.</param>
/// <param name="SlaTimeSeconds">3CX's SLATime (integer seconds; 0 = not set), served in <c>Queues</c>.</param>
public sealed record QueueDef(int Index, int Id, string Number, string Name, int? OverflowTo, int MasterTimeoutSeconds, int RingTimeoutSeconds, int SlaTimeSeconds, bool Recorded, double Weight)
{
    /// <summary>3CX's display form, e.g. <c>Sales (800)</c>.</summary>
    public string Display => $"{Name} ({Number})";
}

/// <summary>An agent (user extension) of the simulated PBX.</summary>
/// <param name="ShiftStartHour">Local hour (the call centre's zone) at which the agent's working day starts.</param>
public sealed record AgentDef(int Index, int Id, string Number, string FirstName, string LastName, int[] Queues, int ShiftStartHour, int ShiftHours, bool WorksWeekends)
{
    public string DisplayName => $"{FirstName} {LastName}";
    public string Email => $"{FirstName}.{LastName}@example.com".ToLowerInvariant();

    /// <summary>3CX's display form, e.g. <c>Berg, Anna (101)</c>.</summary>
    public string Display => $"{LastName}, {FirstName} ({Number})";
}

/// <summary>The fixed configuration of the simulated PBX: queues, agents, IVR and trunk, all derived from the seed.</summary>
public sealed class PbxDirectory
{
    public const string IvrNumber = "8000";
    public const string IvrName = "Main Menu";
    public const string TrunkNumber = "10000";
    public const string TrunkName = "Main Trunk";
    public const string Fqdn = "sim.3cx.local";

    /// <summary>The SLATime of the even-numbered queues (800, 802, 804, …) in turn; the odd-numbered ones have none (0).</summary>
    static readonly int[] SlaTimes = [30, 15, 45, 60, 25];

    static readonly string[] QueueNames =
        ["Sales", "Support", "Billing", "Technical", "Reception", "Orders", "Returns", "VIP", "Partners", "Accounts"];
    static readonly string[] FirstNames =
        ["Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katja", "Lukas", "Mira", "Nils",
         "Olga", "Paul", "Rosa", "Samir", "Tina", "Uwe", "Vera", "Willem", "Yara", "Zoe"];
    static readonly string[] LastNames =
        ["Berg", "Kunze", "Novak", "Schmidt", "Larsen", "Moreau", "Rossi", "Kowalski", "Jansen", "Fischer", "Dubois", "Horvat",
         "Svensson", "Keller", "Weber", "Costa", "Meyer", "Nowak", "Brandt", "Vogel"];

    public IReadOnlyList<QueueDef> Queues { get; }
    public IReadOnlyList<AgentDef> Agents { get; }

    public PbxDirectory(int queueCount, int agentCount, int seed)
    {
        var rng = new Random(unchecked(seed * 7919 + 17));
        var queues = new List<QueueDef>();
        for (var i = 0; i < queueCount; i++)
        {
            var name = i < QueueNames.Length ? QueueNames[i] : $"Queue {i + 1}";
            // Every even queue with a neighbour overflows into it after its master timeout.
            int? overflow = i % 2 == 0 && i + 1 < queueCount ? i + 1 : null;
            queues.Add(new QueueDef(i, 300 + i, (800 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), name,
                overflow, overflow is null ? 0 : 150, 15, i % 2 == 0 ? SlaTimes[i / 2 % SlaTimes.Length] : 0,
                Recorded: i % 3 != 2, Weight: 1.0 / (1 + 0.4 * i)));
        }

        var agents = new List<AgentDef>();
        for (var i = 0; i < agentCount; i++)
        {
            var first = FirstNames[(i + rng.Next(FirstNames.Length)) % FirstNames.Length];
            var last = LastNames[rng.Next(LastNames.Length)];
            var primary = i % queueCount;
            int[] memberOf = queueCount > 1 && rng.NextDouble() < 0.4 ? [primary, (primary + 1) % queueCount] : [primary];
            // Shifts are staggered so the busy hours (08–18 local time) are covered best.
            int[] starts = [7, 8, 8, 9];
            var shiftStart = starts[i % 4];
            agents.Add(new AgentDef(i, 1000 + i, (101 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), first, last,
                memberOf, shiftStart, 9, WorksWeekends: i % 3 == 0));
        }

        Queues = queues;
        Agents = agents;
    }
}
