using Collector.Configuration;
using Collector.Influx.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Collector.Tests.Influx.WriterTestKit;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.Influx;

/// <summary>The writer's decided outcome for each answer, against a scripted HTTP stub on 127.0.0.1.</summary>
public class InfluxWriterStatusTests
{
    [Fact]
    public async Task LinesAreSentInBatchesOfBatchSizeGzippedToTheV1WriteEndpoint()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        var writer = Writer(Options(stub.Url, o => o.BatchSize = 5));

        var result = await writer.WriteAsync(Lines(12), CancellationToken.None);

        Assert.Equal(new InfluxWriteResult(12, 0, 3), result);
        Assert.Equal([5, 5, 2], stub.Requests.Select(r => r.Lines.Count));
        Assert.All(stub.Requests, r =>
        {
            Assert.Equal("/write", r.Path);
            Assert.Equal("?db=threecx&precision=ns", r.Query);
            Assert.Equal("gzip", r.ContentEncoding);
            Assert.Null(r.Authorization);
        });
        Assert.Equal(Lines(12).ToText(), string.Concat(stub.Requests.Select(r => r.Body)));
        Assert.Equal(new InfluxWriterStats(12, 3, 0, 0, 0, 0, 0), writer.Counters.Snapshot());
    }

    [Fact]
    public async Task V2WritesToTheOrgAndBucketWithATokenHeader()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        var writer = Writer(Options(stub.Url, o =>
        {
            o.ApiVersion = InfluxApiVersion.V2;
            o.Org = "call centre";
            o.Bucket = "threecx/autogen";
            o.Token = "s3cr3t";
        }));

        await writer.WriteAsync(Lines(1), CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("/api/v2/write", request.Path);
        Assert.Equal("?org=call%20centre&bucket=threecx%2Fautogen&precision=ns", request.Query);
        Assert.Equal("Token s3cr3t", request.Authorization);
    }

    [Fact]
    public async Task V3WritesToWriteLpWithABearerToken()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        var writer = Writer(Options(stub.Url, o =>
        {
            o.ApiVersion = InfluxApiVersion.V3;
            o.Token = "apiv3_token";
        }));

        await writer.WriteAsync(Lines(1), CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("/api/v3/write_lp", request.Path);
        Assert.Equal("?db=threecx&precision=nanosecond", request.Query);
        Assert.Equal("Bearer apiv3_token", request.Authorization);
    }

    [Fact]
    public async Task V1CredentialsTravelAsBasicAuthenticationNeverInTheUrl()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        var writer = Writer(Options(new Uri(stub.Url, "influx/"), o => (o.Username, o.Password, o.Gzip) = ("collector", "pa:ss", false)));

        await writer.WriteAsync(Lines(1), CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("/influx/write", request.Path);
        Assert.DoesNotContain("pa", request.Query);
        Assert.Null(request.ContentEncoding);
        Assert.Equal("Basic " + Convert.ToBase64String("collector:pa:ss"u8.ToArray()), request.Authorization);
    }

    [Fact]
    public async Task TooLargeBatchesAreSplitInHalvesUntilEachPartIsAccepted()
    {
        await using var stub = await InfluxStubServer.StartAsync(r =>
            r.Lines.Count > 2 ? new StubAnswer(413, """{"error":"Request Entity Too Large"}""") : StubAnswer.NoContent);
        var writer = Writer(Options(stub.Url));

        var result = await writer.WriteAsync(Lines(8), CancellationToken.None);

        Assert.Equal(8, result.LinesWritten);
        Assert.Equal(0, result.LinesDropped);
        var accepted = stub.Requests.Where(r => r.Lines.Count <= 2).SelectMany(r => r.Lines);
        Assert.Equal(Lines(8).ToText().TrimEnd('\n').Split('\n'), accepted);
        Assert.Equal(3, writer.Counters.Snapshot().Splits); // 8 → 4+4 → 2+2+2+2
    }

    [Fact]
    public async Task BadLinesAreFoundByBisectionAndOnlyTheyAreDroppedWithALoggedSample()
    {
        var longBadLine = "m,n=bad v=" + new string('x', 300);
        await using var stub = await InfluxStubServer.StartAsync(r =>
            r.Lines.Any(l => l.Contains("bad"))
                ? new StubAnswer(400, """{"error":"unable to parse 'm,n=bad v=xxx': invalid field format"}""")
                : StubAnswer.NoContent);
        var logger = new FakeLogger<InfluxWriter>();
        var writer = Writer(Options(stub.Url), logger: logger);
        var lines = Lines(10, i => i switch { 3 => "m,n=bad v=\"unterminated", 8 => longBadLine, _ => $"m,n={i} v={i}i {i}" });

        var result = await writer.WriteAsync(lines, CancellationToken.None);

        Assert.Equal(8, result.LinesWritten);
        Assert.Equal(2, result.LinesDropped);
        var written = stub.Requests.Where(r => !r.Lines.Any(l => l.Contains("bad"))).SelectMany(r => r.Lines).ToList();
        Assert.Equal(8, written.Count);
        Assert.Equal(8, written.Distinct().Count());
        Assert.Equal(2, writer.Counters.Snapshot().LinesDropped);

        var drops = logger.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning && e.Message.Contains("dropped")).ToList();
        Assert.Equal(2, drops.Count);
        Assert.Contains(drops, d => d.Message.Contains("m,n=bad v=\"unterminated") && d.Message.Contains("invalid field format"));
        Assert.Contains(drops, d => d.Message.Contains(longBadLine[..200] + "…") && !d.Message.Contains(longBadLine[..201]));
    }

    [Theory]
    [InlineData(InfluxApiVersion.V1, "Influx:Username and Influx:Password")]
    [InlineData(InfluxApiVersion.V2, "Influx:Token")]
    public async Task RefusedCredentialsFailAtOnceNamingTheKeyToFixWithoutTheSecret(InfluxApiVersion version, string key)
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(401, """{"error":"authorization failed"}"""));
        var writer = Writer(Options(stub.Url, o =>
        {
            o.ApiVersion = version;
            (o.Org, o.Bucket) = ("org", "bucket");
            if (version == InfluxApiVersion.V1)
                (o.Username, o.Password) = ("collector", "hunter2");
            else
                o.Token = "hunter2";
        }));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(3), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains(key, error.Message);
        Assert.Contains("authorization failed", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Single(stub.Requests);
        Assert.Equal(1, writer.Counters.Snapshot().FailedWrites);
    }

    [Theory]
    [InlineData(InfluxApiVersion.V1)]
    [InlineData(InfluxApiVersion.V2)]
    public async Task AnErrorTextThatEchoesTheRequestShowsNeitherTheTokenNorThePassword(InfluxApiVersion version)
    {
        // A proxy in front of InfluxDB that echoes the request's Authorization header into its error text.
        await using var stub = await InfluxStubServer.StartAsync(request =>
            new StubAnswer(401, System.Text.Json.JsonSerializer.Serialize(new { error = $"denied; you sent Authorization: {request.Authorization}" })));
        var options = Options(stub.Url, o =>
        {
            o.ApiVersion = version;
            (o.Org, o.Bucket) = ("org", "bucket");
            if (version == InfluxApiVersion.V1)
                (o.Username, o.Password) = ("collector", "hunter2-password");
            else
                o.Token = "hunter2-token";
        });
        var secrets = Collector.Security.SecretRegistry.For(new CollectorSettings { Influx = options });
        var writer = new InfluxWriter(new HttpClient(), options, TimeProvider.System, new FakeLogger<InfluxWriter>(), secrets);

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(1), CancellationToken.None));

        var echoed = Assert.Single(stub.Requests).Authorization!;
        Assert.Contains(version == InfluxApiVersion.V1 ? "Basic " : "Token ", echoed);
        Assert.Contains("you sent Authorization: ", error.Message);
        foreach (var text in new[] { error.Message, error.Verdict, error.ServerMessage! })
        {
            Assert.DoesNotContain("hunter2", text);
            Assert.DoesNotContain(echoed.Split(' ')[1], text);
        }
    }

    [Fact]
    public async Task ForbiddenFailsAtOnceAsForbidden()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(403, """{"error":"user is not authorized to write to database"}"""));
        var writer = Writer(Options(stub.Url));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(1), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.Forbidden, error.Kind);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task AMissingV1DatabaseIsCreatedOnceAndTheLinesAreSentAgain()
    {
        var created = false;
        await using var stub = await InfluxStubServer.StartAsync(r => r.Path switch
        {
            "/query" => Create(),
            _ when created => StubAnswer.NoContent,
            _ => new StubAnswer(404, """{"error":"database not found: \"threecx\""}"""),
        });
        var writer = Writer(Options(stub.Url));

        var result = await writer.WriteAsync(Lines(2), CancellationToken.None);

        Assert.Equal(2, result.LinesWritten);
        Assert.Equal(["/write", "/query", "/write"], stub.Requests.Select(r => r.Path));
        Assert.Equal("q=CREATE+DATABASE+%22threecx%22", stub.Requests[1].Body);
        Assert.Equal(1, writer.Counters.Snapshot().DatabasesCreated);

        StubAnswer Create()
        {
            created = true;
            return new StubAnswer(200, """{"results":[{"statement_id":0}]}""");
        }
    }

    [Fact]
    public async Task AMissingDatabaseIsNotCreatedWhenCreationIsOff()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(404, """{"error":"database not found: \"threecx\""}"""));
        var writer = Writer(Options(stub.Url, o => o.CreateDatabase = false));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(1), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.DatabaseNotFound, error.Kind);
        Assert.Contains("Influx:CreateDatabase", error.Message);
        Assert.Equal(["/write"], stub.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task ADatabaseThatCannotBeCreatedFailsWithTheServersReason()
    {
        await using var stub = await InfluxStubServer.StartAsync(r => r.Path == "/query"
            ? new StubAnswer(200, """{"results":[{"statement_id":0,"error":"requires admin privilege"}]}""")
            : new StubAnswer(404, """{"error":"database not found: \"threecx\""}"""));
        var writer = Writer(Options(stub.Url));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(1), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.DatabaseNotFound, error.Kind);
        Assert.Contains("requires admin privilege", error.Message);
        Assert.Equal(["/write", "/query"], stub.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task ANotFoundThatIsNotAboutTheDatabaseMeansTheWrongEndpoint()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(404, "404 page not found"));
        var writer = Writer(Options(stub.Url, o => (o.ApiVersion, o.Org, o.Bucket, o.Token) = (InfluxApiVersion.V2, "o", "b", "t")));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(1), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.EndpointNotFound, error.Kind);
        Assert.Contains("Influx:ApiVersion", error.Message);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    public async Task ARedirectIsNotFollowedTheWriteFailsSayingInfluxUrlIsWrongAndNothingPassesForWritten(int status)
    {
        // Where the redirect points answers 204 to anything: followed, a 301/302 would turn the POST into a GET without its
        // lines, and that 204 would have passed for a write.
        await using var stub = await InfluxStubServer.StartAsync(r => r.Path == "/write" ? new StubAnswer(status, Location: "/moved/write?db=threecx") : StubAnswer.NoContent);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(Options(stub.Url)))
            .AddInfluxWriter()
            .BuildServiceProvider();
        var writer = services.GetRequiredService<IInfluxWriter>();

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(3), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.Redirected, error.Kind);
        Assert.Contains("Influx:Url", error.Message, StringComparison.Ordinal);
        Assert.Equal(["/write"], stub.Requests.Select(r => r.Path));
        Assert.Equal(0, writer.Counters.Snapshot().PointsWritten);
    }

    [Fact]
    public async Task AnUnexpectedStatusFailsAsRejectedAndDropsNothing()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(405));
        var writer = Writer(Options(stub.Url));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Lines(4), CancellationToken.None));

        Assert.Equal(InfluxWriteFailureKind.Rejected, error.Kind);
        Assert.Single(stub.Requests);
        Assert.Equal(0, writer.Counters.Snapshot().LinesDropped);
    }
}
