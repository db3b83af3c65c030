namespace Simulator.Faults;

/// <summary>
/// How <c>ActiveCalls</c> writes <c>Caller</c> and <c>Callee</c> (the <c>displayForm</c> setting of <c>/sim/faults</c>).
/// No capture of a real V20 ActiveCalls payload exists, and 3CX writes parties differently in different places, so
/// the simulator can show each form a collector must read.
/// </summary>
public enum ActiveCallDisplayForm
{
    /// <summary><c>dnName</c> (the default): <c>"800 Sales"</c>, <c>"101 Anna Berg"</c>; external parties as the bare number.</summary>
    DnName,

    /// <summary><c>nameDn</c>: <c>"Sales (800)"</c>, <c>"Berg, Anna (101)"</c>; external parties <c>"Main Trunk:GUEST 234 (+4930…234)"</c>.</summary>
    NameDn,

    /// <summary><c>bare</c>: <c>"800"</c>, <c>"101"</c>; external parties as the bare number.</summary>
    Bare,

    /// <summary><c>mixed</c>: queues and extensions as <c>dnName</c>, external parties as <c>nameDn</c> (what a real V20 row was reported to show).</summary>
    Mixed,
}

/// <summary>The JSON names of <see cref="ActiveCallDisplayForm"/>.</summary>
public static class DisplayFormSetting
{
    static readonly (string Name, ActiveCallDisplayForm Form)[] Names =
        [("dnName", ActiveCallDisplayForm.DnName), ("nameDn", ActiveCallDisplayForm.NameDn), ("bare", ActiveCallDisplayForm.Bare), ("mixed", ActiveCallDisplayForm.Mixed)];

    public static string Name(ActiveCallDisplayForm form) => Names.First(n => n.Form == form).Name;

    public static bool TryParse(string? name, out ActiveCallDisplayForm form)
    {
        foreach (var (n, f) in Names)
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                form = f;
                return true;
            }
        form = ActiveCallDisplayForm.DnName;
        return false;
    }

    public static string Choices => string.Join(", ", Names.Select(n => n.Name));
}
