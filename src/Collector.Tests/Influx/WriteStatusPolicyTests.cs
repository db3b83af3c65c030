using Collector.Configuration;
using Collector.Influx.Writing;

namespace Collector.Tests.Influx;

public class WriteStatusPolicyTests
{
    [Theory]
    [InlineData(204, null, InfluxApiVersion.V1, "Accept")]
    [InlineData(200, null, InfluxApiVersion.V3, "Accept")]
    [InlineData(413, null, InfluxApiVersion.V1, "Split")]
    [InlineData(400, "unable to parse", InfluxApiVersion.V1, "Bisect")]
    [InlineData(400, "partial write: field type conflict", InfluxApiVersion.V1, "Bisect")]
    [InlineData(422, "failed to parse line protocol", InfluxApiVersion.V2, "Bisect")]
    [InlineData(404, "database not found: \"threecx\"", InfluxApiVersion.V1, "CreateDatabase")]
    [InlineData(408, null, InfluxApiVersion.V1, "Retry")]
    [InlineData(429, null, InfluxApiVersion.V2, "Retry")]
    [InlineData(500, null, InfluxApiVersion.V1, "Retry")]
    [InlineData(502, null, InfluxApiVersion.V1, "Retry")]
    [InlineData(503, null, InfluxApiVersion.V3, "Retry")]
    [InlineData(504, null, InfluxApiVersion.V1, "Retry")]
    [InlineData(401, null, InfluxApiVersion.V1, "Fail")]
    [InlineData(403, null, InfluxApiVersion.V2, "Fail")]
    [InlineData(404, "bucket \"x\" not found", InfluxApiVersion.V2, "Fail")]
    [InlineData(404, "organization name \"acme\" not found", InfluxApiVersion.V2, "Fail")]
    [InlineData(404, "404 page not found", InfluxApiVersion.V1, "Fail")]
    [InlineData(405, null, InfluxApiVersion.V1, "Fail")]
    public void EveryStatusHasADecidedAction(int status, string? message, InfluxApiVersion version, string expected)
    {
        Assert.Equal(Enum.Parse<WriteAction>(expected), WriteStatusPolicy.Decide(new WriteResponse(status, message), version).Action);
    }

    [Theory]
    [InlineData(401, null, InfluxWriteFailureKind.Unauthorized)]
    [InlineData(403, null, InfluxWriteFailureKind.Forbidden)]
    [InlineData(404, "bucket \"x\" not found", InfluxWriteFailureKind.DatabaseNotFound)]
    [InlineData(404, "organization name \"acme\" not found", InfluxWriteFailureKind.DatabaseNotFound)]
    [InlineData(404, "404 page not found", InfluxWriteFailureKind.EndpointNotFound)]
    [InlineData(405, null, InfluxWriteFailureKind.Rejected)]
    [InlineData(301, null, InfluxWriteFailureKind.Redirected)]
    [InlineData(302, null, InfluxWriteFailureKind.Redirected)]
    [InlineData(307, null, InfluxWriteFailureKind.Redirected)]
    [InlineData(308, null, InfluxWriteFailureKind.Redirected)]
    public void FailuresCarryTheirKind(int status, string? message, InfluxWriteFailureKind kind)
    {
        Assert.Equal(kind, WriteStatusPolicy.Decide(new WriteResponse(status, message), InfluxApiVersion.V2).FailureKind);
    }

    [Fact]
    public void NoAnswerAtAllIsRetried()
    {
        Assert.Equal(WriteAction.Retry, WriteStatusPolicy.Decide(WriteResponse.NoAnswer("Connection refused"), InfluxApiVersion.V1).Action);
    }

    [Theory]
    [InlineData(200, "Accept", null)]
    [InlineData(null, "Retry", null)]
    [InlineData(503, "Retry", null)]
    [InlineData(401, "Fail", InfluxWriteFailureKind.Unauthorized)]
    [InlineData(403, "Fail", InfluxWriteFailureKind.Forbidden)]
    [InlineData(400, "Fail", InfluxWriteFailureKind.DatabaseNotFound)]
    public void DatabaseCreationAnswersAreDecidedToo(int? status, string action, InfluxWriteFailureKind? kind)
    {
        var decision = WriteStatusPolicy.DecideDatabaseCreation(new WriteResponse(status));
        Assert.Equal(Enum.Parse<WriteAction>(action), decision.Action);
        Assert.Equal(kind, decision.FailureKind);
    }

    [Theory]
    [InlineData("""{"error":"unable to parse 'x': missing fields"}""", "unable to parse 'x': missing fields")]
    [InlineData("""{"code":"invalid","message":"failed to parse"}""", "failed to parse")]
    [InlineData("404 page not found\n", "404 page not found")]
    [InlineData("", null)]
    public void TheServersMessageIsReadFromEachApisErrorBody(string body, string? expected)
    {
        Assert.Equal(expected, WriteResponse.ReadServerMessage(body));
    }
}
