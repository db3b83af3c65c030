using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Collector.Configuration;

/// <summary>
/// The one place that says which options class binds which configuration section, how it is validated and how its
/// secrets are read from files. Every section is bound with the options binder (unknown keys are errors) and validated
/// at start by its source-generated validator (<see cref="OptionsValidators"/>: the classes' <c>[Range]</c> attributes and
/// their <c>IValidatableObject</c> rules); <see cref="ConfigurationPrecheck"/> runs first so that a typo or a value of
/// the wrong kind ends in one friendly line naming the key.
/// </summary>
internal static partial class CollectorOptions
{
    /// <summary>Each section and the type it binds to.</summary>
    internal static readonly IReadOnlyList<(string Path, Type Type)> Sections =
    [
        ("Pbxs", typeof(List<PbxOptions>)),
        ("Influx", typeof(InfluxOptions)),
        ("State", typeof(StateOptions)),
        ("Live", typeof(LiveOptions)),
        ("Sla", typeof(SlaOptions)),
        ("Schedules", typeof(ScheduleOptions)),
        ("CallLog", typeof(CallLogOptions)),
        ("Reconcile", typeof(ReconcileOptions)),
        ("Reporting", typeof(ReportingOptions)),
        ("Grafana", typeof(GrafanaOptions)),
        (XapiOptions.SectionName, typeof(XapiOptions)),
    ];

    /// <summary>
    /// Registers every section as <see cref="IOptions{TOptions}"/> (bound from the <see cref="IConfiguration"/> in the
    /// container, validated on start) and <see cref="CollectorSettings"/>, all of them together.
    /// </summary>
    public static IServiceCollection AddCollectorOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Section<InfluxOptions, InfluxOptionsValidator>(services, "Influx").PostConfigure(influx =>
        {
            influx.Url = WithTrailingSlash(influx.Url);
            influx.Token = Secrets.FromFile("Influx:Token", influx.Token, influx.TokenFile);
        });
        Section<StateOptions, StateOptionsValidator>(services, "State").PostConfigure(state =>
        {
            if (state.Provider == StateProvider.Sqlite && string.IsNullOrWhiteSpace(state.ConnectionString))
                state.ConnectionString = StateOptions.DefaultSqliteConnectionString;
        });
        Section<LiveOptions, LiveOptionsValidator>(services, "Live");
        Section<SlaOptions, SlaOptionsValidator>(services, "Sla");
        Section<ScheduleOptions, ScheduleOptionsValidator>(services, "Schedules");
        Section<CallLogOptions, CallLogOptionsValidator>(services, "CallLog");
        Section<ReconcileOptions, ReconcileOptionsValidator>(services, "Reconcile");
        Section<ReportingOptions, ReportingOptionsValidator>(services, "Reporting");
        Section<GrafanaOptions, GrafanaOptionsValidator>(services, "Grafana").PostConfigure(grafana =>
        {
            grafana.Url = WithTrailingSlash(grafana.Url);
            grafana.PublicUrl = grafana.PublicUrl is null ? null : WithTrailingSlash(grafana.PublicUrl);
            grafana.ApiToken = Secrets.FromFile("Grafana:ApiToken", grafana.ApiToken, grafana.ApiTokenFile);
        });
        Section<XapiOptions, XapiOptionsValidator>(services, XapiOptions.SectionName);

        // The PBX list is bound entry by entry, so each keeps its position for messages (Pbxs:3:BaseUrl) even with gaps.
        services.TryAddSingleton<IValidateOptions<PbxList>, PbxListValidator>();
        services.AddOptions<PbxList>()
            .Configure<IConfiguration>((list, configuration) =>
            {
                foreach (var entry in configuration.GetSection("Pbxs").GetChildren())
                {
                    var pbx = new PbxOptions { Index = int.Parse(entry.Key, System.Globalization.CultureInfo.InvariantCulture) };
                    entry.Bind(pbx, binder => binder.ErrorOnUnknownConfiguration = true);
                    list.Items.Add(pbx);
                }
                list.Items.Sort((a, b) => a.Index.CompareTo(b.Index));
                list.Items.AddRange(PbxListFile.Read(configuration, firstIndex: list.Items.Count == 0 ? 0 : list.Items[^1].Index + 1));
            })
            .PostConfigure(list =>
            {
                foreach (var pbx in list.Items)
                {
                    pbx.BaseUrl = pbx.BaseUrl is null ? null : WithTrailingSlash(pbx.BaseUrl);
                    pbx.ClientSecret = Secrets.FromFile($"{pbx.Key}:ClientSecret", pbx.ClientSecret, pbx.ClientSecretFile);
                    pbx.Trust = pbx.CaCertificateFile is null ? null : Security.PbxTrust.Load($"{pbx.Key}:CaCertificateFile", pbx.CaCertificateFile);
                }
            })
            .ValidateOnStart();

        services.TryAddSingleton(provider => new CollectorSettings
        {
            Pbxs = provider.GetRequiredService<IOptions<PbxList>>().Value.Items,
            Influx = provider.GetRequiredService<IOptions<InfluxOptions>>().Value,
            State = provider.GetRequiredService<IOptions<StateOptions>>().Value,
            Live = provider.GetRequiredService<IOptions<LiveOptions>>().Value,
            Sla = provider.GetRequiredService<IOptions<SlaOptions>>().Value,
            Schedules = provider.GetRequiredService<IOptions<ScheduleOptions>>().Value,
            CallLog = provider.GetRequiredService<IOptions<CallLogOptions>>().Value,
            Reconcile = provider.GetRequiredService<IOptions<ReconcileOptions>>().Value,
            Reporting = provider.GetRequiredService<IOptions<ReportingOptions>>().Value,
            Grafana = provider.GetRequiredService<IOptions<GrafanaOptions>>().Value,
            Xapi = provider.GetRequiredService<IOptions<XapiOptions>>().Value,
        });
        return services;
    }

    /// <summary>
    /// Reads, checks and validates every section now. The first problem throws a <see cref="ConfigurationException"/>
    /// whose message is the one line to show.
    /// </summary>
    public static CollectorSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration = CollectorConfiguration.WithoutEmptyValues(configuration);
        ConfigurationPrecheck.Check(configuration);
        using var provider = new ServiceCollection().AddSingleton(configuration).AddCollectorOptions().BuildServiceProvider();
        Validate(provider);
        return provider.GetRequiredService<CollectorSettings>();
    }

    /// <summary>Runs the start-up validation of <paramref name="services"/>, turning a failure into one <see cref="ConfigurationException"/>.</summary>
    public static void Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException failure)
        {
            throw Explain(failure);
        }
        catch (AggregateException failures) when (failures.InnerExceptions.FirstOrDefault() is OptionsValidationException first)
        {
            throw Explain(first);
        }
        catch (InvalidOperationException binding) when (binding.Message.Contains("was not found", StringComparison.Ordinal) || binding.Message.Contains("Failed to convert", StringComparison.Ordinal))
        {
            // The precheck finds these first; this is the binder's own word for anything it missed.
            throw new ConfigurationException("(configuration)", binding.Message);
        }
    }

    /// <summary>
    /// A validator's failure, <c>Member: text</c>, as the one line users see: <c>Configuration error: Section:Member text</c>.
    /// The classes' own rules are written to follow the key; the generated attribute messages are shortened to match.
    /// </summary>
    internal static ConfigurationException Explain(OptionsValidationException failure)
    {
        var section = Sections.FirstOrDefault(s => s.Type == failure.OptionsType || (failure.OptionsType == typeof(PbxList) && s.Path == "Pbxs")).Path
            ?? failure.OptionsType.Name;
        var text = failure.Failures.First();
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var (member, problem) = colon > 0 ? (text[..colon], text[(colon + 2)..]) : ("", text);
        problem = RequiredMessage().IsMatch(problem) ? "is not set." : RangeMessage().Replace(problem, "$1");
        // The PBX list names whole keys (Pbxs:0:Name, PbxListFile:2:Name): its entries come from two places.
        var prefix = failure.OptionsType == typeof(PbxList) ? "" : section + ":";
        return new ConfigurationException(member.Length > 0 ? $"{prefix}{member.Replace(", ", $", {prefix}", StringComparison.Ordinal)}" : section, problem);
    }

    static OptionsBuilder<T> Section<T, TValidator>(IServiceCollection services, string path)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
        return services.AddOptions<T>().BindConfiguration(path, binder => binder.ErrorOnUnknownConfiguration = true).ValidateOnStart();
    }

    static Uri WithTrailingSlash(Uri url) => url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    [System.Text.RegularExpressions.GeneratedRegex(@"^The field \S+ (must .*)$")]
    private static partial System.Text.RegularExpressions.Regex RangeMessage();

    [System.Text.RegularExpressions.GeneratedRegex(@"^The \S+ field is required\.$")]
    private static partial System.Text.RegularExpressions.Regex RequiredMessage();
}
