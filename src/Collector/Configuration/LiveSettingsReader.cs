using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>Reads and validates the <c>Live</c> section (see <see cref="LiveOptions"/>).</summary>
internal static class LiveSettingsReader
{
    public static LiveOptions Read(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("Live"),
            "QueuesCacheTtl", "UsersCacheTtl", "SystemStatusCacheTtl", "DirectWriteTimeout");
        section.RejectUnknownKeys();
        var defaults = new LiveOptions();
        return new LiveOptions
        {
            QueuesCacheTtl = section.Duration("QueuesCacheTtl", defaults.QueuesCacheTtl, TimeSpan.Zero, TimeSpan.FromHours(1)),
            UsersCacheTtl = section.Duration("UsersCacheTtl", defaults.UsersCacheTtl, TimeSpan.Zero, TimeSpan.FromHours(1)),
            SystemStatusCacheTtl = section.Duration("SystemStatusCacheTtl", defaults.SystemStatusCacheTtl, TimeSpan.Zero, TimeSpan.FromHours(1)),
            DirectWriteTimeout = section.Duration("DirectWriteTimeout", defaults.DirectWriteTimeout,
                TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)),
        };
    }
}
