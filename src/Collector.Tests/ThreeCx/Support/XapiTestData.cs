namespace Collector.Tests.ThreeCx.Support;

/// <summary>Recorded and spec-derived XAPI answers under TestData/Xapi (copied to the test output).</summary>
static class XapiTestData
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Xapi", name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Xapi", name));
}
