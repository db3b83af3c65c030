using Collector.Live.Derivation;
using Collector.ThreeCx;
using static Collector.Tests.Live.Support.LiveWorld;

namespace Collector.Tests.Live;

/// <summary>
/// Caller and callee texts in every form 3CX writes, resolved against a PBX built to be confusing: names with digits
/// and parentheses, a name that starts with another queue's DN, a name that ends with another agent's DN in
/// parentheses, a DN (80) that is a prefix of others, and an IVR (8000) that no queue or user knows.
/// </summary>
public sealed class PartyTests
{
    static readonly PartyResolver Parties = Resolver(
        new QueueIndex(
        [
            Queue("800", "Sales", "101", "102"),
            Queue("8524", "Call Center", "11", "9027"),
            Queue("801", "Team 2 (EN)", "103"),
            Queue("805", "800 Hotline", "104"),
            Queue("80", "Eighty", "105"),
        ]),
        [
            Person("101", "Anna", "Berg"),
            Person("102", "Ben", "Kunze 2"),
            Person("11", "Lukas", "Kunze"),
            Person("9027", "Stephanie", "Tajkowski"),
            Person("103", "Clara", "(101)"),
            Person("104", "101", "Reception"),
            Person("105", "Elif", "Larsen"),
            Person("120", "Paul", "Weber"),          // a user in no queue is still a known DN
        ]);

    [Theory]
    // <DN> <name>
    [InlineData("800 Sales", "DnName", "800", "Sales")]
    [InlineData("11 Lukas Kunze", "DnName", "11", "Lukas Kunze")]
    [InlineData("  800   Sales  ", "DnName", "800", "Sales")]
    [InlineData("800 Whatever It Is Called", "DnName", "800", "Whatever It Is Called")]
    [InlineData("800 Sales (EN)", "DnName", "800", "Sales (EN)")]                 // a parenthesis that holds no number
    [InlineData("801 Team 2 (EN)", "DnName", "801", "Team 2 (EN)")]               // digits and parentheses in the name
    [InlineData("102 Ben Kunze 2", "DnName", "102", "Ben Kunze 2")]
    [InlineData("805 800 Hotline", "DnName", "805", "800 Hotline")]               // the name starts with another queue's DN
    [InlineData("103 Clara (101)", "DnName", "103", "Clara (101)")]               // the name ends with another agent's DN
    [InlineData("104 101 Reception", "DnName", "104", "101 Reception")]
    [InlineData("80 Eighty", "DnName", "80", "Eighty")]
    [InlineData("120 Paul Weber", "DnName", "120", "Paul Weber")]
    // <name> (<DN>)
    [InlineData("Call Center (8524)", "NameDn", "8524", "Call Center")]
    [InlineData("Berg, Anna (101)", "NameDn", "101", "Berg, Anna")]
    [InlineData(" Berg, Anna ( 101 ) ", "NameDn", "101", "Berg, Anna")]
    [InlineData("Tajkowski, Stephanie (9027)", "NameDn", "9027", "Tajkowski, Stephanie")]
    [InlineData("Team 2 (EN) (801)", "NameDn", "801", "Team 2 (EN)")]
    [InlineData("800 Hotline (805)", "NameDn", "805", "800 Hotline")]             // the first word is a queue's DN too
    [InlineData("Clara (101) (103)", "NameDn", "103", "Clara (101)")]
    [InlineData("101 Reception (104)", "NameDn", "104", "101 Reception")]         // both are known: the names decide
    [InlineData("Eighty (80)", "NameDn", "80", "Eighty")]
    [InlineData("(800)", "NameDn", "800", null)]
    // bare
    [InlineData("101", "Bare", "101", null)]
    [InlineData(" 8524 ", "Bare", "8524", null)]
    public void AQueueOrAgentIsFoundByItsDnInEveryForm(string text, string form, string dn, string? name)
    {
        Assert.Equal(new DisplayParty(Enum.Parse<PartyForm>(form), dn, name, Known: true), Parties.Read(text));
        Assert.Equal(dn, Parties.DnOf(text).ToString());
    }

    [Theory]
    // external <name> (<number>)
    [InlineData("HeadPinz Fort Myers:TEST GUEST (+12395551234)", "NameDn", "+12395551234", "HeadPinz Fort Myers:TEST GUEST")]
    [InlineData("TEST GUEST (+1 239 555 1234)", "NameDn", "+1 239 555 1234", "TEST GUEST")]
    [InlineData("101 Pizza Place (+12395551234)", "NameDn", "+12395551234", "101 Pizza Place")]   // starts with an agent's DN
    [InlineData("Sales (0800123456)", "NameDn", "0800123456", "Sales")]                          // a queue's name, not its DN
    // bare external numbers, also with spaces
    [InlineData("+12395551234", "Bare", "+12395551234", null)]
    [InlineData("+1 239 555 1234", "Bare", "+1 239 555 1234", null)]
    [InlineData("800 555 1234", "Bare", "800 555 1234", null)]                                   // starts with a queue's DN
    [InlineData("+1 (239) 555-1234", "Bare", "+1 (239) 555-1234", null)]
    [InlineData("1011", "Bare", "1011", null)]                                                   // a known DN is a prefix
    // DNs nobody knows
    [InlineData("8000 Main Menu", "DnName", "8000", "Main Menu")]                                // 800 and 80 are prefixes
    [InlineData("Main Menu (8000)", "NameDn", "8000", "Main Menu")]
    // no number at all: a name alone never resolves, even a known one
    [InlineData("Anonymous", "NameOnly", null, "Anonymous")]
    [InlineData("Sales", "NameOnly", null, "Sales")]
    [InlineData("Berg, Anna", "NameOnly", null, "Berg, Anna")]
    [InlineData("Support (EN)", "NameOnly", null, "Support (EN)")]
    public void AnExternalPartyOrAnUnknownDnNamesNoQueueOrAgent(string text, string form, string? number, string? name)
    {
        Assert.Equal(new DisplayParty(Enum.Parse<PartyForm>(form), number, name, Known: false), Parties.Read(text));
        Assert.True(Parties.DnOf(text).IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingOrBlankPartyIsNoParty(string? text)
    {
        Assert.Equal(new DisplayParty(PartyForm.None, null, null, false), Parties.Read(text));
        Assert.True(Parties.DnOf(text).IsEmpty);
    }

    static PartyResolver Resolver(QueueIndex queues, XapiUser[] users) => new(queues, LiveDerivation.IndexUsers(users));

    static XapiUser Person(string number, string first, string last) =>
        User(number, displayName: $"{first} {last}") with { FirstName = first, LastName = last };
}
