using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

public sealed class DisplayFormsTests
{
    [Theory]
    [InlineData("Sales (800)", "800", "Sales")]
    [InlineData("Berg, Anna (101)", "101", "Berg, Anna")]
    [InlineData("Call Center (8524)", "8524", "Call Center")]
    [InlineData("800 Sales", "800", "Sales")]
    [InlineData("101 Berg, Anna", "101", "Berg, Anna")]
    [InlineData("8000 Main Menu (8000)", "8000", "Main Menu")]
    [InlineData("800Sales", "800", "800Sales")]
    [InlineData("1010 Reception", "101", "1010 Reception")]
    [InlineData("Anna Berg", "101", "Anna Berg")]
    [InlineData("  Sales (800) ", "800", "Sales")]
    [InlineData("Team (North) (805)", "805", "Team (North)")]
    [InlineData("101", "101", null)]
    [InlineData("(800)", "800", null)]
    [InlineData("", "800", null)]
    [InlineData(null, "800", null)]
    public void TheNameIsTheDisplayFormWithoutItsDn(string? display, string dn, string? expected)
    {
        Assert.Equal(expected, DisplayForms.Name(display, dn));
    }

    [Theory]
    [InlineData("Sales (800) was replaced by Berg, Anna (101)", "Berg, Anna", "101")]
    [InlineData("Call Center (8524) was replaced by Tajkowski, Stephanie (9027)", "Tajkowski, Stephanie", "9027")]
    [InlineData("Main Menu (8000) was replaced by Sales (800)", "Sales", "800")]
    public void TheReasonNamesWhoReplacedTheLeg(string reason, string name, string dn)
    {
        Assert.True(DisplayForms.TryReplacedBy(reason, out var actualName, out var actualDn));
        Assert.Equal(name, actualName);
        Assert.Equal(dn, actualDn);
    }

    [Theory]
    [InlineData("Ended by +4930123456")]
    [InlineData("Sales (800) was replaced by +4940987654")]
    [InlineData("")]
    [InlineData(null)]
    public void AReasonWithoutAReplacementDnNamesNoAgent(string? reason)
    {
        Assert.False(DisplayForms.TryReplacedBy(reason, out _, out _));
    }

    [Theory]
    [InlineData("800 Sales", "DnName", "800", "Sales")]
    [InlineData("Call Center (8524)", "NameDn", "8524", "Call Center")]
    [InlineData("HeadPinz Fort Myers:TEST GUEST (+12395551234)", "NameDn", "+12395551234", "HeadPinz Fort Myers:TEST GUEST")]
    [InlineData("+12395551234", "Bare", "+12395551234", null)]
    [InlineData("+1 239 555 1234", "Bare", "+1 239 555 1234", null)]
    [InlineData("101", "Bare", "101", null)]
    [InlineData("Anonymous", "NameOnly", null, "Anonymous")]
    [InlineData("Support (EN)", "NameOnly", null, "Support (EN)")]
    [InlineData("", "None", null, null)]
    public void WithoutKnownDnsAPartyIsReadFromTheShapeOfItsText(string text, string form, string? number, string? name)
    {
        Assert.Equal(new DisplayParty(Enum.Parse<PartyForm>(form), number, name, Known: false), DisplayForms.Read(text, known: null));
    }

    [Theory]
    [InlineData("+12395551234", true)]
    [InlineData("+1 (239) 555-1234", true)]
    [InlineData("101", true)]
    [InlineData("EN", false)]
    [InlineData("101a", false)]
    [InlineData("+-", false)]
    [InlineData("", false)]
    public void ANumberIsDigitsWithTheSignsPeopleWriteBetweenThem(string text, bool expected)
    {
        Assert.Equal(expected, DisplayForms.IsNumber(text));
    }
}
