using System.Text;
using System.Text.Json;
using Simulator.Faults;
using Simulator.OData;

namespace Collector.Tests.Simulator;

/// <summary>The <c>poisonRows</c> fault's settings: parsed, echoed, cleared, and bad ones refused with a 400 that names them.</summary>
public class PoisonRowsFaultTests
{
    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    static string Echo(FaultSettings faults)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) faults.WriteTo(w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void PoisonRowsAreOffByDefaultSetByAPostEchoedAndClearedAgain()
    {
        var faults = new FaultSettings(1);
        Assert.Null(faults.PoisonRows);
        Assert.Contains("\"poisonRows\":null", Echo(faults));

        faults.Merge(Json("""{"poisonRows":{"every":3,"kinds":["nullRow","bom"]}}"""));
        Assert.Equal(3, faults.PoisonRows!.Every);
        Assert.Equal([PoisonKind.NullRow, PoisonKind.Bom], faults.PoisonRows.Kinds);
        Assert.True(faults.PoisonRows.Bom);
        Assert.Contains("\"poisonRows\":{\"every\":3,\"kinds\":[\"nullRow\",\"bom\"]}", Echo(faults));

        faults.Clear();
        Assert.Null(faults.PoisonRows);
    }

    [Theory]
    [InlineData("""{"poisonRows":{"every":0}}""", "every")]
    [InlineData("""{"poisonRows":{"kinds":["emoji"]}}""", "emoji")]
    [InlineData("""{"poisonRows":{"rate":1}}""", "rate")]
    [InlineData("""{"poisonRows":true}""", "poisonRows")]
    public void ABadPoisonRowsSettingIsA400NamingIt(string body, string named)
    {
        var error = Assert.Throws<ODataException>(() => new FaultSettings(1).Merge(Json(body)));
        Assert.Equal(400, error.Status);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void TheSameCallsArePoisonedEveryTimeAboutOneInEvery()
    {
        var poison = new PoisonRows(10, [PoisonKind.NullRow, PoisonKind.FarFuture]);
        var ids = Enumerable.Range(0, 5000).Select(i => $"call-{i}").ToList();
        var picked = ids.Where(id => poison.KindFor(id) is not null).ToList();
        Assert.InRange(picked.Count, 350, 650);
        Assert.Equal(picked, ids.Where(id => new PoisonRows(10, [PoisonKind.NullRow, PoisonKind.FarFuture]).KindFor(id) is not null));
        Assert.Contains(picked, id => poison.KindFor(id) == PoisonKind.FarFuture);
        Assert.Contains(picked, id => poison.KindFor(id) == PoisonKind.NullRow);
        Assert.All(ids, id => Assert.Null(new PoisonRows(10, [PoisonKind.Bom]).KindFor(id)));
    }
}
