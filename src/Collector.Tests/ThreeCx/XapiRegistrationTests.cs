using Collector.Tests.ThreeCx.Support;
using Collector.Configuration;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Collector.Tests.ThreeCx;

public class XapiRegistrationTests
{
    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCollectorOptions().AddXapiClient().BuildServiceProvider();
    }

    [Fact]
    public void OptionsAreBoundFromTheGivenSection()
    {
        using var services = Build(new() { ["Xapi:RequestTimeout"] = "00:00:05", ["Xapi:PageSize"] = "1000", ["Xapi:RetryJitter"] = "0" });

        var options = services.GetRequiredService<IOptions<XapiOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(5), 1000, 0d, 10), (options.RequestTimeout, options.PageSize, options.RetryJitter, options.PageOverlap));
    }

    [Fact]
    public void ABadValueStopsTheClientWithTheKeyNamed()
    {
        using var services = Build(new() { ["Xapi:PageSize"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IXapiClientFactory>().Create(XapiHarness.Pbx));

        Assert.Equal("Configuration error: Xapi:PageSize must be between 1 and 100000.", CollectorOptions.Explain(error).Message);
    }

    [Fact]
    public void EachPbxGetsOneClientForTheLifeOfTheFactory()
    {
        using var services = Build([]);
        var factory = services.GetRequiredService<IXapiClientFactory>();

        var first = factory.Create(XapiHarness.Pbx);

        Assert.Same(first, factory.Create(XapiHarness.Pbx with { }));
        Assert.NotSame(first, factory.Create(XapiHarness.Pbx with { Name = "other" }));
        Assert.NotSame(first, factory.Create(XapiHarness.Pbx with { ClientSecret = "rotated" }));
    }

    [Theory]
    [InlineData("ftp://pbx.example.com/", "collector", "secret", "BaseUrl must be an absolute http(s) address")]
    [InlineData("https://pbx.example.com/", " ", "secret", "ClientId is empty")]
    [InlineData("https://pbx.example.com/", "collector", "", "ClientSecret is empty")]
    public void AnUnusableConnectionIsRefusedUpFront(string url, string clientId, string secret, string message)
    {
        using var services = Build([]);

        var error = Assert.Throws<ArgumentException>(() =>
            services.GetRequiredService<IXapiClientFactory>().Create(new PbxConnection("hq", new Uri(url), clientId, secret)));

        Assert.Contains(message, error.Message);
    }
}
