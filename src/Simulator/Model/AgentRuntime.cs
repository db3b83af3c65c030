namespace Simulator.Model;

public enum AgentActivity { Idle, Ringing, Dialing, Talking }

/// <summary>Profiles an agent can choose, as 3CX shows them in <c>CurrentProfileName</c>.</summary>
public static class Profiles
{
    public const string Available = "Available";
    public const string Away = "Away";
    public const string OutOfOffice = "Out of office";
    public const string Lunch = "Lunch";
    public const string BusinessTrip = "Business Trip";
}

/// <summary>A change to an agent's presence; null members stay as they are.</summary>
public sealed record AgentChange(bool? Registered = null, bool? LoggedIn = null, string? Profile = null);

/// <summary>The live state of one agent inside the simulation.</summary>
public sealed class AgentRuntime
{
    public bool Registered { get; set; }
    public bool LoggedIn { get; set; }
    public string Profile { get; set; } = Profiles.OutOfOffice;
    public AgentActivity Activity { get; set; }
    public Call? Call { get; set; }

    /// <summary>When the agent last became idle (the queue rings the longest-idle agent first).</summary>
    public long IdleSince { get; set; }

    /// <summary>Presence changes that arrived during a call; applied when the agent is idle again.</summary>
    public List<AgentChange> Deferred { get; } = [];

    /// <summary>Reachable for a direct or internal call: registered, idle and Available.</summary>
    public bool Reachable => Registered && Activity == AgentActivity.Idle && Profile == Profiles.Available;

    /// <summary>Reachable, and logged in to the queues: a queue may ring this agent.</summary>
    public bool AvailableForQueue => Reachable && LoggedIn;
}
