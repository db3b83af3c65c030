using Collector.Live.Derivation;
using Collector.ThreeCx;

namespace Collector.Diagnostics.Pbx;

/// <summary>
/// <c>GET /xapi/v1/Users</c>: the agents' registration, profile and queue login state. "Logged in to queues" is the
/// live rules' own <see cref="LiveRules.CountsAsLoggedIn"/> (registered and not <c>QueueStatus</c> LoggedOut; a missing
/// QueueStatus counts as logged in), so <c>collector check</c> and the wallboard count the same users.
/// </summary>
internal sealed class UsersStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.Users;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var users = await context.Client.GetUsersAsync(cancellationToken);
        return CheckResult.Pass(Name, Verdict(users));
    }

    /// <summary>The step's verdict for these users: how many are registered, and logged in as the wallboard counts them.</summary>
    internal static string Verdict(IReadOnlyList<XapiUser> users)
    {
        var registered = users.Count(LiveRules.IsRegistered);
        var loggedIn = users.Count(LiveRules.CountsAsLoggedIn);
        var withoutStatus = users.Count(u => string.IsNullOrWhiteSpace(u.QueueStatus));
        var verdict = $"{users.Count} user(s): {registered} registered, {loggedIn} logged in to queues (registered and not LoggedOut, as the wallboard counts agents)";
        return withoutStatus == 0
            ? verdict + "."
            : verdict + $"; {withoutStatus} without a QueueStatus, which counts as logged in (3CX's default).";
    }
}
