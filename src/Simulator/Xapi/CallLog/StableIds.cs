namespace Simulator.Xapi.CallLog;

/// <summary>GUIDs derived from the seed, the call and the leg, so the same world always has the same ids.</summary>
public static class StableIds
{
    public static string Guid(int seed, int callSeq, int leg)
    {
        Span<byte> bytes = stackalloc byte[16];
        var a = SplitMix((ulong)(uint)seed << 32 ^ (ulong)(uint)callSeq);
        var b = SplitMix(a ^ (ulong)(uint)leg * 0x9E3779B97F4A7C15UL);
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40); // version 4 layout
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes).ToString("D");
    }

    static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
