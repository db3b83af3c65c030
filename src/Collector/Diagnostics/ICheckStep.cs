namespace Collector.Diagnostics;

/// <summary>
/// One step of <c>collector check</c> against one target (a PBX or InfluxDB). Steps are small and independent so
/// tests can run each alone; the <see cref="CheckRunner"/> skips a step when one it depends on did not pass.
/// </summary>
/// <typeparam name="TContext">What the step works on: <see cref="Pbx.PbxCheckContext"/> or <see cref="Influx.InfluxCheckContext"/>.</typeparam>
internal interface ICheckStep<in TContext>
{
    /// <summary>The row label, e.g. <c>token</c> or <c>call log</c>.</summary>
    string Name { get; }

    /// <summary>Names of earlier steps that must pass (or warn) for this one to be worth running.</summary>
    IReadOnlyList<string> DependsOn { get; }

    /// <summary>
    /// Runs the step. Exceptions the step does not handle itself become a failed row (the runner maps
    /// <c>XapiException</c>s to plain-language verdicts); cancellation is passed through.
    /// </summary>
    Task<CheckResult> RunAsync(TContext context, CancellationToken cancellationToken);
}
