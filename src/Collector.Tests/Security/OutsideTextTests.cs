using Collector.Security;

namespace Collector.Tests.Security;

public sealed class OutsideTextTests
{
    [Fact]
    public void AShortCleanValueIsReturnedAsItIsWithoutCopying()
    {
        const string text = "Resource not found for the segment.";

        Assert.Same(text, OutsideText.Bound(text));
    }

    [Fact]
    public void ATenMegabyteValueIsCutToTheCapAndTheMarkSaysHowLongItWas()
    {
        var text = "2026-11-23T10:00:00" + new string('x', 10 * 1024 * 1024);

        var bounded = OutsideText.Bound(text);

        Assert.Equal(OutsideText.MaxLength, bounded.Length);
        Assert.StartsWith("2026-11-23T10:00:00xxx", bounded);
        Assert.EndsWith($"…[cut, {text.Length} chars]", bounded);
    }

    [Fact]
    public void LineBreaksTabsEscapesAndBidiOverridesBecomeSpacesSoAValueCannotForgeALogLine()
    {
        var bounded = OutsideText.Bound("Sales\r\n[12:00:00 ERR] forged\tline\u001b[31m\u202Eevil\u0000");

        Assert.Equal("Sales  [12:00:00 ERR] forged line [31m evil ", bounded);
    }

    [Fact]
    public void ACutNeverSplitsASurrogatePair()
    {
        var text = new string('a', 255) + string.Concat(Enumerable.Repeat("😀", 100));

        var bounded = OutsideText.Bound(text, 280);

        Assert.True(bounded.Length <= 280);
        var beforeMark = bounded[..bounded.IndexOf('…')];
        Assert.False(char.IsHighSurrogate(beforeMark[^1]), "the cut left half a character");
    }

    [Fact]
    public void CleanMasksSecretsBeforeItCutsSoASecretAtTheCutIsNotHalfShown()
    {
        var secrets = new SecretRegistry();
        const string secret = "Zq7-very-long-client-secret-value-0123456789";
        secrets.Add(secret);
        var text = new string('a', OutsideText.MaxLength - 20) + secret + new string('b', 1000);

        var clean = OutsideText.Clean(text, secrets);

        Assert.DoesNotContain("Zq7-very", clean);
        Assert.Equal(OutsideText.MaxLength, clean.Length);
    }

    [Fact]
    public void CutKeepsControlCharactersForTagsWhichLineProtocolEscapes()
    {
        Assert.Equal("a\nb", OutsideText.Cut("a\nb", OutsideText.MaxTagLength));
        Assert.Equal(OutsideText.MaxTagLength, OutsideText.Cut(new string('q', 100_000), OutsideText.MaxTagLength).Length);
    }
}
