using Collector.Configuration;
using Collector.Influx.Writing;

namespace Collector.Tests.Influx;

public class InfluxWriterOptionsTests
{
    [Fact]
    public void TheDefaultsWriteToALocalV1Database()
    {
        var options = new InfluxWriterOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(new Uri("http://127.0.0.1:8086"), options.Url);
        Assert.Equal("threecx", options.Database);
        Assert.Equal(5000, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(1), options.FlushInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxRetryDelay);
    }

    [Fact]
    public void V2NeedsOrgBucketAndTokenAndEachMissingKeyIsNamed()
    {
        var errors = new InfluxWriterOptions { ApiVersion = InfluxApiVersion.V2 }.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Influx:Org", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Influx:Bucket", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Influx:Token", StringComparison.Ordinal));
    }

    [Fact]
    public void BadValuesAreReportedOneLineEach()
    {
        var errors = new InfluxWriterOptions
        {
            Url = new Uri("ftp://influx"),
            Database = " ",
            Username = "only-user",
            BatchSize = 0,
            RequestTimeout = TimeSpan.Zero,
        }.Validate();

        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Influx:", e));
    }

    [Fact]
    public void AWriterRefusesInvalidOptions()
    {
        var error = Assert.Throws<ArgumentException>(() => WriterTestKit.Writer(new InfluxWriterOptions { BatchSize = -1 }));
        Assert.Contains("Influx:BatchSize", error.Message);
    }
}
