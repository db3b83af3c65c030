using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>Reads and validates the small sections: <c>State</c>, <c>Sla</c>, <c>Schedules</c> and <c>CallLog</c>.</summary>
internal static class GeneralSettingsReader
{
    public static StateOptions ReadState(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("State"), "Provider", "ConnectionString",
            "OutboxMaxRows");
        section.RejectUnknownKeys();
        var provider = section.Enum("Provider", StateProvider.Sqlite, "sqlite", "postgres");
        var connectionString = section.String("ConnectionString");
        if (connectionString is null && provider == StateProvider.Postgres)
            throw new ConfigurationException(section.KeyPath("ConnectionString"),
                "is not set; it is required when State:Provider is postgres (e.g. Host=db;Database=collector;Username=collector;Password=…).");
        connectionString ??= StateOptions.DefaultSqliteConnectionString;
        try
        {
            // The value may hold a password, so the message never repeats it.
            DbConnectionStringBuilder builder = provider == StateProvider.Sqlite
                ? new SqliteConnectionStringBuilder(connectionString)
                : new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (provider == StateProvider.Sqlite && string.IsNullOrWhiteSpace(((SqliteConnectionStringBuilder)builder).DataSource))
                throw new ArgumentException("it names no Data Source (the SQLite file)");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ConfigurationException(section.KeyPath("ConnectionString"),
                $"is not a valid {(provider == StateProvider.Sqlite ? "SQLite" : "PostgreSQL")} connection string: {ex.Message.TrimEnd('.')}.");
        }
        return new StateOptions
        {
            Provider = provider,
            ConnectionString = connectionString,
            OutboxMaxRows = section.Int("OutboxMaxRows", new StateOptions().OutboxMaxRows, 100, 100_000_000, "rows"),
        };
    }

    public static SlaOptions ReadSla(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("Sla"), "ThresholdSeconds", "ShortAbandonSeconds", "Formula");
        section.RejectUnknownKeys();
        var defaults = new SlaOptions();
        return new SlaOptions
        {
            ThresholdSeconds = section.Int("ThresholdSeconds", defaults.ThresholdSeconds, 1, 3600, "seconds"),
            ShortAbandonSeconds = section.Int("ShortAbandonSeconds", defaults.ShortAbandonSeconds, 0, 600, "seconds"),
            Formula = section.Enum("Formula", defaults.Formula, Enum.GetNames<SlaFormula>()),
        };
    }

    public static ScheduleOptions ReadSchedules(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("Schedules"), "LiveSnapshotInterval", "CallLogSyncInterval");
        section.RejectUnknownKeys();
        var defaults = new ScheduleOptions();
        return new ScheduleOptions
        {
            LiveSnapshotInterval = section.Duration("LiveSnapshotInterval", defaults.LiveSnapshotInterval,
                ScheduleOptions.MinimumLiveSnapshotInterval, TimeSpan.FromHours(1)),
            CallLogSyncInterval = section.Duration("CallLogSyncInterval", defaults.CallLogSyncInterval,
                TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        };
    }

    public static CallLogOptions ReadCallLog(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("CallLog"),
            "MaxCallSpan", "SettleDelay", "InProgressHorizon", "InitialLookback", "ReportRowLimit");
        section.RejectUnknownKeys();
        var defaults = new CallLogOptions();
        return new CallLogOptions
        {
            MaxCallSpan = section.Duration("MaxCallSpan", defaults.MaxCallSpan, TimeSpan.Zero, TimeSpan.FromHours(12)),
            SettleDelay = section.Duration("SettleDelay", defaults.SettleDelay, TimeSpan.Zero, TimeSpan.FromHours(1)),
            InProgressHorizon = section.Duration("InProgressHorizon", defaults.InProgressHorizon, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            InitialLookback = section.Duration("InitialLookback", defaults.InitialLookback, TimeSpan.Zero, TimeSpan.FromDays(90)),
            ReportRowLimit = section.Int("ReportRowLimit", defaults.ReportRowLimit, 100, 1_000_000, "rows"),
        };
    }
}
