namespace Collector.Diagnostics.Pbx;

/// <summary><c>GET /xapi/v1/SystemStatus</c>: licence, services, extensions and trunks.</summary>
internal sealed class SystemStatusStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.SystemStatus;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var status = await context.Client.GetSystemStatusAsync(cancellationToken);
        if (status.LicenseActive == false || status.Activated == false)
            return CheckResult.Fail(Name, $"The PBX's licence is not active ({(status.Activated == false ? "not activated" : "licence inactive")}).",
                "3CX XAPI needs an Enterprise licence: activate or renew it in the 3CX Admin Console → Licence.");
        var summary = $"{Security.OutsideText.Bound(status.Fqdn, 100) ?? context.BaseUrl.Host}: licence active, {status.CallsActive ?? 0} call(s) active, " +
                      $"{status.ExtensionsRegistered}/{status.ExtensionsTotal} extensions and {status.TrunksRegistered}/{status.TrunksTotal} trunks registered.";
        if (status.HasNotRunningServices == true)
            return CheckResult.Warn(Name, $"{summary} Some 3CX services are not running.",
                "Start them in the 3CX Admin Console → Dashboard → Services.");
        return CheckResult.Pass(Name, summary);
    }
}
