using Simulator.Clock;

namespace Simulator.Model;

/// <summary>
/// Owns the <see cref="World"/> and serialises access to it: every reader first lets the simulation
/// catch up with the clock, so each request sees the world exactly at "now".
/// </summary>
public sealed class SimulationHost(World world, SimClock clock)
{
    readonly Lock _lock = new();

    public SimClock Clock => clock;
    public PbxDirectory Directory => world.Directory;

    /// <summary>Runs <paramref name="read"/> on the world brought up to the clock's now.</summary>
    public T Read<T>(Func<World, DateTimeOffset, T> read)
    {
        lock (_lock)
        {
            var now = clock.Now;
            world.AdvanceTo(now.UtcTicks);
            return read(world, now);
        }
    }
}
