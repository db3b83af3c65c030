namespace Collector.Diagnostics.Pbx;

/// <summary>Asks <c>/connect/token</c> for a fresh token: are the client ID and secret right?</summary>
internal sealed class TokenStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.Token;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Dns, PbxSteps.Tls];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var token = await context.Client.AuthenticateAsync(cancellationToken);
        context.Token = token;
        var lifetime = token.ExpiresAt - TimeProvider.System.GetUtcNow();
        return CheckResult.Pass(Name,
            $"3CX issued a token to client {context.Pbx.ClientId} with secret {context.Pbx.DescribeSecret()}, valid for {Describe(lifetime)}.");
    }

    static string Describe(TimeSpan t) => t.TotalMinutes >= 2 ? $"{t.TotalMinutes:0} min" : $"{Math.Max(0, t.TotalSeconds):0} s";
}
