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
    bool _registered;
    bool _loggedIn;
    string _profile = Profiles.OutOfOffice;
    AgentActivity _activity;

    /// <summary>Called after any change of presence or activity (the world records the agent's state over time).</summary>
    public Action<AgentRuntime>? Changed { get; init; }

    public bool Registered { get => _registered; set { _registered = value; Changed?.Invoke(this); } }
    public bool LoggedIn { get => _loggedIn; set { _loggedIn = value; Changed?.Invoke(this); } }
    public string Profile { get => _profile; set { _profile = value; Changed?.Invoke(this); } }
    public AgentActivity Activity { get => _activity; set { _activity = value; Changed?.Invoke(this); } }
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
