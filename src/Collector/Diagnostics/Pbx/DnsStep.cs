using System.Net;
using System.Net.Sockets;

namespace Collector.Diagnostics.Pbx;

/// <summary>Does the PBX's host name resolve?</summary>
internal sealed class DnsStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.Dns;
    public IReadOnlyList<string> DependsOn => [];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var host = context.BaseUrl.IdnHost;
        if (IPAddress.TryParse(host, out _))
            return CheckResult.Pass(Name, $"{host} is an IP address; no DNS lookup needed.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CollectorCheck.ProbeTimeout);
            var addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            return CheckResult.Pass(Name, $"{host} resolves to {string.Join(", ", addresses.Take(3).Select(a => a.ToString()))}.");
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return CheckResult.Fail(Name, $"{host} does not resolve: {NetworkFailure.Describe(ex, CollectorCheck.ProbeTimeout)}.",
                $"Check the host name in {context.EnvKey("BaseUrl")} and this machine's DNS settings; use the PBX's FQDN (e.g. name.my3cx.com).");
        }
    }
}
