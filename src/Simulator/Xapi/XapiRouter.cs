using Simulator.Xapi.CallLog;
using Simulator.Xapi.Live;
using Simulator.Xapi.Reports;

namespace Simulator.Xapi;

/// <summary>Sends an authorised XAPI request to its handler; anything else is 404, as on V20.</summary>
public sealed class XapiRouter(
    CallLogHandler callLog, ActiveCallsHandler activeCalls, QueuesHandler queues, UsersHandler users,
    SystemStatusHandler systemStatus, ReportsHandler reports)
{
    public XapiResponse Handle(XapiRequest request) => request.Segments[0] switch
    {
        "ReportCallLogData" => callLog.Handle(request),
        "ActiveCalls" => activeCalls.Handle(request),
        "Queues" => queues.Handle(request),
        "Users" => users.Handle(request),
        "SystemStatus" => systemStatus.Handle(request),
        "Defs" => systemStatus.HandleDefs(request),
        _ when request.ReportFunction is not null => reports.Handle(request),
        _ => XapiResponse.NotFound(request),
    };
}
