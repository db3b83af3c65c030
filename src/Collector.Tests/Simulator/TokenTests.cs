using System.Net;
using System.Text.Json;

namespace Collector.Tests.Simulator;

public sealed class TokenTests
{
    [Fact]
    public async Task TheTokenRouteAnswersLike3CxWithExpiresIn()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await new SimulatorClient(sim).TokenResponseAsync();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(60, body.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("refresh_token").ValueKind);
        Assert.Equal(3, body.RootElement.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task AWrongSecretGets401WithThe3CxBody()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await new SimulatorClient(sim).TokenResponseAsync(secret: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"unauthorized","error_description":"The request requires valid user authentication."}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CustomCredentialsFromTheCommandLineAreTheOnlyOnesAccepted()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--client-id", "other", "--client-secret", "s3cret");
        var client = new SimulatorClient(sim);
        Assert.Equal("other", sim.ClientId);
        using var ok = await client.TokenResponseAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var bad = await client.TokenResponseAsync(secret: "sim-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [Fact]
    public async Task WithoutATokenTheApiAnswers401WithABearerChallenge()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await sim.Http.GetAsync("xapi/v1/Users");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        using var forged = await new SimulatorClient(sim).GetAsync("xapi/v1/Users", token: "a.b.c");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task ATokenExpiresAfterItsLifetimeOnTheSimulatedClock()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { tokenLifetimeSeconds = 30 });
        var client = new SimulatorClient(sim);
        using (var issued = await client.TokenResponseAsync())
            Assert.Contains("\"expires_in\":30", await issued.Content.ReadAsStringAsync());
        var token = await client.TokenAsync();
        await sim.AdvanceClockAsync(TimeSpan.FromSeconds(29));
        using (var stillValid = await client.GetAsync("xapi/v1/SystemStatus", token))
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        await sim.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        using var expired = await client.GetAsync("xapi/v1/SystemStatus", token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("The token expired at", expired.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task RevokingExpiresEveryTokenIssuedSoFarButNotLaterOnes()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var old = await client.TokenAsync();
        await sim.SetFaultsAsync(new { revokeTokens = true });
        using (var refused = await client.GetAsync("xapi/v1/Queues", old))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var fresh = await client.GetAsync("xapi/v1/Queues", await client.TokenAsync());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task WithSingleActiveTokenANewTokenRevokesThePreviousOne()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        await sim.SetFaultsAsync(new { singleActiveToken = true });
        var client = new SimulatorClient(sim);
        var first = await client.TokenAsync();
        var second = await client.TokenAsync();
        using (var old = await client.GetAsync("xapi/v1/Queues", first)) Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var current = await client.GetAsync("xapi/v1/Queues", second);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }
}
