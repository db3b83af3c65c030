using System.CommandLine;
using Collector.Configuration;
using Collector.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Collector.Cli;

/// <summary>
/// The common start of every verb: parse the configuration overrides, load and validate the settings, and turn a
/// configuration or usage problem into its one line on standard error and exit code, never a stack trace.
/// </summary>
internal static class VerbAction
{
    public delegate Task<int> Body(ParseResult parseResult, IConfiguration configuration, CollectorSettings settings, CancellationToken cancellationToken);

    public static Func<ParseResult, CancellationToken, Task<int>> Create(CliContext context, Body body) =>
        async (parseResult, cancellationToken) =>
        {
            IConfiguration configuration;
            CollectorSettings settings;
            try
            {
                configuration = CollectorConfiguration.WithoutEmptyValues(context.LoadConfiguration(ConfigurationOverrides.Parse(parseResult.UnmatchedTokens)));
                settings = CollectorOptions.Load(configuration);
            }
            catch (UsageException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return ExitCodes.Failed;
            }
            catch (ConfigurationException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return ExitCodes.ConfigurationError;
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException)   // appsettings.json is not valid JSON
            {
                await context.Error.WriteLineAsync($"Configuration error: {ex.Message}");
                return ExitCodes.ConfigurationError;
            }
            try
            {
                return await body(parseResult, configuration, settings, cancellationToken);
            }
            catch (OptionsValidationException ex)   // options validated by their own components (e.g. Xapi:…)
            {
                await context.Error.WriteLineAsync($"Configuration error: {ex.Failures.First()}");
                return ExitCodes.ConfigurationError;
            }
            catch (Exception ex) when (ex is ConfigurationException or StateUnavailableException)   // no PBX, --pbx names none, unwritable state
            {
                await context.Error.WriteLineAsync(ex.Message);
                return ExitCodes.ConfigurationError;
            }
        };
}
