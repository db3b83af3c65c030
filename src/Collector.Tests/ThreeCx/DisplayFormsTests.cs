using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

public sealed class DisplayFormsTests
{
    [Theory]
    [InlineData("Sales (800)", "800", "Sales")]
    [InlineData("Berg, Anna (101)", "101", "Berg, Anna")]
    [InlineData("Call Center (8524)", "8524", "Call Center")]
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
}
