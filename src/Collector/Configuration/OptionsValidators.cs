using Collector.ThreeCx;
using Microsoft.Extensions.Options;

namespace Collector.Configuration;

// The source-generated validators of the options classes: each checks the class's [Range] attributes and calls its
// IValidatableObject rules. CollectorOptions registers them; nothing else validates options.

[OptionsValidator]
internal sealed partial class PbxListValidator : IValidateOptions<PbxList>;

[OptionsValidator]
internal sealed partial class InfluxOptionsValidator : IValidateOptions<InfluxOptions>;

[OptionsValidator]
internal sealed partial class StateOptionsValidator : IValidateOptions<StateOptions>;

[OptionsValidator]
internal sealed partial class LiveOptionsValidator : IValidateOptions<LiveOptions>;

[OptionsValidator]
internal sealed partial class SlaOptionsValidator : IValidateOptions<SlaOptions>;

[OptionsValidator]
internal sealed partial class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>;

[OptionsValidator]
internal sealed partial class CallLogOptionsValidator : IValidateOptions<CallLogOptions>;

[OptionsValidator]
internal sealed partial class ReconcileOptionsValidator : IValidateOptions<ReconcileOptions>;

[OptionsValidator]
internal sealed partial class ReportingOptionsValidator : IValidateOptions<ReportingOptions>;

[OptionsValidator]
internal sealed partial class GrafanaOptionsValidator : IValidateOptions<GrafanaOptions>;

[OptionsValidator]
internal sealed partial class XapiOptionsValidator : IValidateOptions<XapiOptions>;
