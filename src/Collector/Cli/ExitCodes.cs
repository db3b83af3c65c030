namespace Collector.Cli;

/// <summary>The process exit codes the command line promises (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>All is well (for <c>check</c>: nothing failed; warnings are fine).</summary>
    public const int Ok = 0;

    /// <summary><c>check</c> found at least one failure, or the command line could not be parsed.</summary>
    public const int Failed = 1;

    /// <summary>A configuration value is missing or wrong; the one-line message names the key.</summary>
    public const int ConfigurationError = 2;
}
