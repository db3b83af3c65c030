namespace Collector.ThreeCx.Paging;

/// <summary>One PBX's call-log page size: starts at the configured size, only ever lowered to the PBX's cap.</summary>
internal sealed class PageSize(int initial)
{
    int _current = initial;

    public int Current => Volatile.Read(ref _current);

    /// <summary>Lowers the size to <paramref name="limit"/>; true if this call lowered it.</summary>
    public bool LowerTo(int limit)
    {
        while (true)
        {
            var current = Current;
            if (limit >= current) return false;
            if (Interlocked.CompareExchange(ref _current, limit, current) == current) return true;
        }
    }
}
