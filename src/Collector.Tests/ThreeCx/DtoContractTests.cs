using System.Text.Json;
using Collector.ThreeCx;
using Collector.ThreeCx.Json;

namespace Collector.Tests.ThreeCx;

/// <summary>
/// Our DTOs read the official swagger names (exact case: unknown names are ignored, so a typo would silently give
/// nulls) with CLR types that hold the schema's type. Schema facts: TestData/Swagger/schemas.json.
/// </summary>
public class DtoContractTests
{
    static readonly JsonElement Schemas = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Swagger", "schemas.json")))
        .RootElement.GetProperty("schemas").Clone();

    public static TheoryData<string, string> Dtos() => new()
    {
        { nameof(ActiveCall), "Pbx.ActiveCall" },
        { nameof(XapiQueue), "Pbx.Queue" },
        { nameof(QueueAgent), "Pbx.QueueAgent" },
        { nameof(XapiUser), "Pbx.User" },
        { nameof(SystemStatus), "Pbx.SystemStatus" },
        { nameof(QueuePerformanceTotals), "Pbx.QueuePerformanceTotals" },
        { nameof(StatisticSla), "Pbx.StatisticSla" },
        { nameof(AbandonedQueueCall), "Pbx.AbandonedQueueCalls" },
        { nameof(QueueAnsweredCallByWaitTime), "Pbx.QueueAnsweredCallsByWaitTime" },
    };

    static Type Dto(string name) => typeof(CallLogRow).Assembly.GetType("Collector.ThreeCx." + name, throwOnError: true)!;

    [Theory]
    [MemberData(nameof(Dtos))]
    public void EveryDtoPropertyIsASchemaPropertyOfACompatibleType(string dto, string schema)
    {
        var fields = Schemas.GetProperty(schema);
        foreach (var property in XapiJsonContext.Default.GetTypeInfo(Dto(dto))!.Properties)
        {
            Assert.True(fields.TryGetProperty(property.Name, out var field), $"{dto}.{property.Name} is not in {schema}");
            var expected = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(Compatible(field, expected), $"{dto}.{property.Name}: {field} is not read into {expected.Name}");
        }
    }

    [Theory]
    [InlineData(nameof(ActiveCall), "Pbx.ActiveCall")]
    [InlineData(nameof(QueueAgent), "Pbx.QueueAgent")]
    [InlineData(nameof(QueuePerformanceTotals), "Pbx.QueuePerformanceTotals")]
    [InlineData(nameof(StatisticSla), "Pbx.StatisticSla")]
    [InlineData(nameof(AbandonedQueueCall), "Pbx.AbandonedQueueCalls")]
    [InlineData(nameof(QueueAnsweredCallByWaitTime), "Pbx.QueueAnsweredCallsByWaitTime")]
    public void SmallSchemasAreReadInFull(string dto, string schema)
    {
        var ours = XapiJsonContext.Default.GetTypeInfo(Dto(dto))!.Properties.Select(p => p.Name).Order();
        Assert.Equal(Schemas.GetProperty(schema).EnumerateObject().Select(p => p.Name).Order(), ours);
    }

    [Fact]
    public void TheCallLogRowBinderReadsEverySchemaFieldOfTheCallLogButTheUnusedOnesUnderTheirSchemaNamesAndTypes()
    {
        var fields = Schemas.GetProperty("Pbx.CallLogData");
        foreach (var name in CallLogRowBinder.FieldNames)
        {
            Assert.True(fields.TryGetProperty(name, out var field), $"CallLogRowBinder reads {name}, which is not in Pbx.CallLogData");
            var property = typeof(CallLogRow).GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)!;
            var expected = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(Compatible(field, expected), $"CallLogRow.{name}: {field} is not read into {expected.Name}");
        }
        string[] unused = ["CallCost", "QualityReport", "Recordings", "SentimentScore", "Summary", "Transcription"];
        Assert.Equal(fields.EnumerateObject().Select(p => p.Name).Except(unused).Order(), CallLogRowBinder.FieldNames.Order());
    }

    [Fact]
    public void UsersAreSelectedByTheirLiveFieldsOnly()
    {
        var ours = XapiJsonContext.Default.GetTypeInfo(typeof(XapiUser))!.Properties.Select(p => p.Name);
        Assert.Equal(ours, Collector.ThreeCx.OData.XapiRoutes.Users.Split("$select=")[1].Split(','));
    }

    static bool Compatible(JsonElement field, Type clr)
    {
        var type = field.GetProperty("type").GetString();
        var format = field.TryGetProperty("format", out var f) ? f.GetString() : null;
        return (type, format) switch
        {
            ("string", "date-time") => clr == typeof(DateTimeOffset),
            ("string", "duration") => clr == typeof(TimeSpan),
            ("string", _) => clr == typeof(string),
            ("integer", "int32") => clr == typeof(int),
            ("integer", "int64") => clr == typeof(long),
            ("integer", "decimal") => clr == typeof(decimal),
            ("boolean", _) => clr == typeof(bool),
            ("array", _) => clr.IsGenericType && clr.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
                            && Compatible(field.GetProperty("items"), clr.GetGenericArguments()[0]),
            ("object", _) => field.TryGetProperty("ref", out var r) && clr.IsClass && clr != typeof(string)
                             && Schemas.TryGetProperty(r.GetString()!, out _),
            _ => false,
        };
    }
}
