using Collector.Live.Derivation;

namespace Collector.Tests.Live;

public sealed class PartyTests
{
    [Theory]
    [InlineData("800 Sales", "800", "Sales")]
    [InlineData("101 Anna Berg", "101", "Anna Berg")]
    [InlineData("8000 Main Menu", "8000", "Main Menu")]
    [InlineData("+4930123456", "+4930123456", null)]
    [InlineData("0049301234", "0049301234", null)]
    [InlineData("  802   Billing  ", "802", "Billing")]
    [InlineData("101 ", "101", null)]
    public void ANumberAndNameSplitOnTheFirstSpaceAndABareNumberHasNoName(string text, string number, string? name)
    {
        var party = Party.Parse(text);

        Assert.Equal(new Party(number, name), party);
        Assert.Equal(number, Party.NumberOf(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingOrBlankPartyIsNoParty(string? text)
    {
        Assert.Null(Party.Parse(text));
        Assert.True(Party.NumberOf(text).IsEmpty);
    }
}
