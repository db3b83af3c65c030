using System.Net;
using System.Text.Json;

namespace Collector.Tests.Simulator;

public sealed class XapiErrorTests
{
    [Theory]
    [InlineData("xapi/v1/ActiveConnections")]
    [InlineData("xapi/v1/PhoneExtensions")]
    [InlineData("xapi/v1/CallLogRecords")]
    [InlineData("xapi/v1/CallLogData")]
    [InlineData("xapi/v1/ReportCallLogData(periodFrom=2026-11-23T00:00:00Z)")]
    [InlineData("xapi/v1/ReportCallLogData/Pbx.GetCallLogData")]
    [InlineData("xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-11-23T00:00:00Z,periodTo=2026-11-23T10:00:00Z)")]
    [InlineData("xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodTo=2026-11-23T10:00:00Z,periodFrom=2026-11-23T00:00:00Z,sourceType=0,sourceFilter='',destinationType=0,destinationFilter='',callsType=0,callTimeFilterType=0,callTimeFilterFrom='0:00:0',callTimeFilterTo='0:00:0',hidePcalls=true)")]
    [InlineData("xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-11-23T00:00:00Z,periodTo=2026-11-23T10:00:00Z,sourceType=0,sourceFilter='',destinationType=0,destinationFilter='',callsType=0,callTimeFilterType=0,callTimeFilterFrom='0:00:0',callTimeFilterTo='0:00:0',hidePCalls=true)")]
    [InlineData("xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-11-23T00:00:00Z,periodTo=2026-11-23T10:00:00Z,sourceType=0,sourceFilter='it's',destinationType=0,destinationFilter='',callsType=0,callTimeFilterType=0,callTimeFilterFrom='0:00:0',callTimeFilterTo='0:00:0',hidePcalls=true)")]
    public async Task MissingMisnamedMisorderedOrMalformedRoutesAnswer404WithAnODataError(string url)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
        Assert.True(body.RootElement.GetProperty("error").TryGetProperty("code", out _));
    }

    [Theory]
    [InlineData("'2026-11-23T00:00:00Z'", "0")]
    [InlineData("2026-11-23", "0")]
    [InlineData("2026-11-23T00:00:00Z", "zero")]
    [InlineData("2026-11-23T00:00:00Z", "'0'")]
    public async Task WronglyTypedParametersAnswer500(string periodFrom, string sourceType)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var url = SimulatorClient.CallLogUrl(periodFrom, "2026-11-23T10:00:00Z").Replace("sourceType=0", $"sourceType={sourceType}");
        using var response = await new SimulatorClient(sim).GetAsync(url);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("invalid value", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task TopAboveTheCapAnswers400WithThe3CxMessage()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { topCap = 100 });
        using var response = await new SimulatorClient(sim).GetAsync(
            SimulatorClient.CallLogUrl("2026-11-23T00:00:00Z", "2026-11-23T10:00:00Z", "?$top=500"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "The query specified in the URI is not valid. The limit of '100' for Top query has been exceeded. The value from the incoming request is '500'.",
            body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnUnknownSelectPropertyIsABadRequest()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await new SimulatorClient(sim).GetAsync("xapi/v1/Users?$select=Id,NoSuchField");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NoSuchField", await response.Content.ReadAsStringAsync());
    }
}
