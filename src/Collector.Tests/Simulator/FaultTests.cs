using System.Net;
using System.Text.Json;

namespace Collector.Tests.Simulator;

public sealed class FaultTests
{
    static string CallLog => SimulatorClient.CallLogUrl("2026-11-23T08:00:00Z", SimulatorClient.Start, "?$top=5");

    [Fact]
    public async Task A429WithRetryAfterAppliesTheGivenNumberOfTimesThenTheRouteRecovers()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "calllog", status = 429, retryAfterSeconds = 2, times = 2 } } });
        for (var i = 0; i < 2; i++)
        {
            using var limited = await client.GetAsync(CallLog);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter!.Delta);
            using var error = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
            Assert.Equal("TooManyRequests", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        using var ok = await client.GetAsync(CallLog);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task ServerErrorsCanComeWithAnEmptyBody(int status)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "activecalls", status, emptyBody = true } } });
        using var response = await new SimulatorClient(sim).GetAsync("xapi/v1/ActiveCalls");
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("users", "xapi/v1/Users", 403)]
    [InlineData("calllog", null, 404)]
    [InlineData("queues", "xapi/v1/Queues?$expand=Agents", 401)]
    [InlineData("systemstatus", "xapi/v1/SystemStatus", 503)]
    [InlineData("defs", "xapi/v1/Defs?$select=Id", 500)]
    [InlineData("reports", "xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr='',startDt=2026-11-23T00:00:00Z,endDt=2026-11-23T10:00:00Z,waitInterval='0:00:20')", 404)]
    public async Task ARuleAnswersItsStatusOnItsRouteOnly(string route, string? url, int status)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        await sim.SetFaultsAsync(new { rules = new[] { new { route, status } } });
        using var hit = await client.GetAsync(url ?? CallLog);
        Assert.Equal(status, (int)hit.StatusCode);
        using var other = await client.GetAsync(route == "activecalls" ? "xapi/v1/Users" : "xapi/v1/ActiveCalls");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ARuleOnOneReportFunctionLeavesTheOtherReportsAlone()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "ReportAbandonedQueueCalls", status = 404 } } });
        using var hit = await client.GetAsync(
            "xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(periodFrom=2026-11-23T00:00:00Z,periodTo=2026-11-23T10:00:00Z,queueDns='800',waitInterval='0:00:05')");
        Assert.Equal(HttpStatusCode.NotFound, hit.StatusCode);
        using var other = await client.GetAsync(
            "xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr='',startDt=2026-11-23T00:00:00Z,endDt=2026-11-23T10:00:00Z,waitInterval='0:00:20')");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task TheStarRouteHitsEveryXapiRouteButNotTheTokenRoute()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "*", status = 503 } } });
        using (var token = await client.TokenResponseAsync()) Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        foreach (var url in new[] { "xapi/v1/Users", "xapi/v1/Queues", "xapi/v1/ActiveCalls", CallLog })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        await sim.ClearFaultsAsync();
        using var cleared = await client.GetAsync("xapi/v1/Users");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Fact]
    public async Task A401RuleOnTheTokenRouteAnswersLikeAWrongSecret()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "token", status = 401, times = 1 } } });
        var client = new SimulatorClient(sim);
        using var refused = await client.TokenResponseAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("unauthorized", await refused.Content.ReadAsStringAsync());
        using var ok = await client.TokenResponseAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task AMalformedResponseIsA200WithTruncatedJson()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "calllog", malformed = true, times = 1 } } });
        using var response = await new SimulatorClient(sim).GetAsync(CallLog);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"@odata.context\"", text);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task ASlowResponseArrivesAfterTheDelay()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var token = await new SimulatorClient(sim).TokenAsync();
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "users", delayMs = 5000, times = 1 } } });
        using var impatient = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync("xapi/v1/Users"));
        using var next = await impatient.GetAsync("xapi/v1/Users");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ARateRuleHitsSomeRequestsNotAll()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "users", status = 500, rate = 0.5 } } });
        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await client.GetAsync("xapi/v1/Users?$select=Id");
            statuses.Add((int)response.StatusCode);
        }
        Assert.InRange(statuses.Count(s => s == 500), 8, 32);
        Assert.Contains(200, statuses);
    }

    [Fact]
    public async Task LegacyFieldsDropThePost206MembersAndReportAnOlderVersion()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { legacyFields = true });
        var client = new SimulatorClient(sim);
        var rows = (await client.GetJsonAsync(CallLog)).GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var name in new[] { "MainCallHistoryId", "CallHistoryId", "CdrId", "CallType", "Direction", "Status" })
            Assert.All(rows, r => Assert.False(r.TryGetProperty(name, out _), name));
        Assert.All(rows, r => Assert.True(r.TryGetProperty("StartTime", out _)));
        using var defs = await client.GetAsync("xapi/v1/Defs?$select=Id");
        Assert.StartsWith("20.0.5.", defs.Headers.GetValues("X-3CX-Version").Single());
    }

    [Fact]
    public async Task TheEchoFaultRepeatsTheFormWithTheSecretInATokenError()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { echo = true });

        using var refused = await new SimulatorClient(sim).TokenResponseAsync(secret: "wrong-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("The request requires valid user authentication. Echo: Authorization: (none) POST /connect/token Body: client_id=collector&client_secret=wrong-secret&grant_type=client_credentials",
            body.RootElement.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task TheEchoFaultRepeatsTheBearerTokenInErrorAndSuccessAnswers()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var token = await client.TokenAsync();
        await sim.SetFaultsAsync(new { echo = true, rules = new[] { new { route = "users", status = 403 } } });

        using var forbidden = await client.GetAsync("xapi/v1/Users?$select=Id");
        using var queues = await client.GetAsync("xapi/v1/Queues");
        using var token2 = await client.TokenResponseAsync();

        using var error = JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync());
        Assert.EndsWith($"Echo: Authorization: Bearer {token} GET /xapi/v1/Users?$select=Id", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        using var ok = JsonDocument.Parse(await queues.Content.ReadAsStringAsync());
        Assert.Equal($"Echo: Authorization: Bearer {token} GET /xapi/v1/Queues", ok.RootElement.GetProperty("echo").GetString());
        Assert.NotEmpty(ok.RootElement.GetProperty("value").EnumerateArray());
        using var issued = JsonDocument.Parse(await token2.Content.ReadAsStringAsync());
        Assert.Contains($"client_secret={sim.ClientSecret}", issued.RootElement.GetProperty("echo").GetString());
        Assert.True(issued.RootElement.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task ALongValueRuleMakesOneFieldOfTheFirstRowThatLong()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "calllog", longValue = new { property = "Status", length = 100_000 }, times = 1 } } });
        var client = new SimulatorClient(sim);

        var rows = (await client.GetJsonAsync(CallLog)).GetProperty("value").EnumerateArray().ToList();
        var next = (await client.GetJsonAsync(CallLog)).GetProperty("value").EnumerateArray().ToList();

        var status = rows[0].GetProperty("Status").GetString()!;
        Assert.Equal(100_000, status.Length);
        Assert.Matches("^(Answered|Unanswered|Waiting)x+$", status);
        Assert.All(rows.Skip(1).Concat(next), r => Assert.True(r.GetProperty("Status").GetString()!.Length < 20));
    }

    [Fact]
    public async Task BadFaultSettingsAreRefusedByName()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => sim.SetFaultsAsync(new { rules = new[] { new { route = "calllogs", status = 500 } } }));
        Assert.Contains("route", error.Message);
        error = await Assert.ThrowsAsync<HttpRequestException>(() => sim.SetFaultsAsync(new { tokenLifetime = 5 }));
        Assert.Contains("tokenLifetime", error.Message);
        error = await Assert.ThrowsAsync<HttpRequestException>(() => sim.SetFaultsAsync(new { displayForm = "nameDN" }));
        Assert.Contains("displayForm", error.Message);
        Assert.Contains("dnName, nameDn, bare, mixed", error.Message);
        error = await Assert.ThrowsAsync<HttpRequestException>(() => sim.SetFaultsAsync(new { rules = new[] { new { route = "calllog", longValue = new { property = "Status", length = 0 } } } }));
        Assert.Contains("longValue", error.Message);
        error = await Assert.ThrowsAsync<HttpRequestException>(() => sim.SetFaultsAsync(new { echo = "yes" }));
        Assert.Contains("echo", error.Message);
    }

    [Fact]
    public async Task TheCurrentFaultsCanBeReadBack()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { topCap = 500, rules = new[] { new { route = "users", status = 403 } } });
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "queues", status = 429, times = 3 } } });
        await sim.SetFaultsAsync(new { echo = true, rules = new[] { new { route = "calllog", longValue = new { property = "StartTime", length = 1000 } } } });
        using var doc = JsonDocument.Parse(await sim.Http.GetStringAsync("sim/faults"));
        Assert.Equal(500, doc.RootElement.GetProperty("topCap").GetInt32());
        Assert.True(doc.RootElement.GetProperty("echo").GetBoolean());
        Assert.Equal(1000, doc.RootElement.GetProperty("rules")[2].GetProperty("longValue").GetProperty("length").GetInt32());
        Assert.Equal(["users", "queues", "calllog"], doc.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("route").GetString()));
    }
}
