namespace Collector.Diagnostics.Pbx;

/// <summary><c>GET /xapi/v1/Users</c>: the agents' registration, profile and queue login state.</summary>
internal sealed class UsersStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.Users;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken ct)
    {
        var users = await context.Client.GetUsersAsync(ct);
        var registered = users.Count(u => u.IsRegistered == true);
        var loggedIn = users.Count(u => u.QueueStatus == "LoggedIn");
        return CheckResult.Pass(Name, $"{users.Count} user(s): {registered} registered, {loggedIn} logged in to queues.");
    }
}
