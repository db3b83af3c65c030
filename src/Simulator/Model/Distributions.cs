namespace Simulator.Model;

/// <summary>The random draws of the model, all from one seeded <see cref="Random"/> so a seed gives one world.</summary>
public sealed class Distributions(int seed)
{
    readonly Random _rng = new(seed);

    public double Uniform() => _rng.NextDouble();

    public bool Chance(double p) => _rng.NextDouble() < p;

    public int Pick(int count) => _rng.Next(count);

    /// <summary>Ticks drawn uniformly between two numbers of seconds.</summary>
    public long Seconds(double min, double max) => Micro((min + (max - min) * _rng.NextDouble()) * TimeSpan.TicksPerSecond);

    /// <summary>Exponential ticks with the given mean in seconds.</summary>
    public long Exponential(double meanSeconds) => Micro(-Math.Log(1 - _rng.NextDouble()) * meanSeconds * TimeSpan.TicksPerSecond);

    /// <summary>Log-normal ticks with the given median (seconds), spread and bounds.</summary>
    public long LogNormal(double medianSeconds, double sigma, double minSeconds, double maxSeconds)
    {
        var u1 = 1 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var seconds = Math.Clamp(medianSeconds * Math.Exp(sigma * normal), minSeconds, maxSeconds);
        return Micro(seconds * TimeSpan.TicksPerSecond);
    }

    /// <summary>Durations are whole microseconds, as 3CX's database stores them (<c>PT1M12.577027S</c>).</summary>
    static long Micro(double ticks) => (long)(ticks / 10) * 10;

    /// <summary>An index drawn with the given weights.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = _rng.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    /// <summary>A German-looking E.164 caller number.</summary>
    public string PhoneNumber()
    {
        string[] areas = ["30", "40", "89", "221", "69", "711"];
        return $"+49{areas[_rng.Next(areas.Length)]}{_rng.Next(1000000, 9999999)}";
    }
}

/// <summary>How busy each local hour of the call centre is, relative to the busiest hour; local weekends are quieter.</summary>
public static class TrafficProfile
{
    static readonly double[] Hourly =
        [0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.12, 0.35, 0.75, 1.0, 1.0, 0.95, 0.8, 0.9, 1.0, 0.95, 0.8, 0.6, 0.35, 0.2, 0.12, 0.08, 0.05, 0.04];

    /// <summary>The factor at an instant (UTC ticks) for a call centre on UTC.</summary>
    public static double Factor(long ticks) => Factor(ticks, CallCentreZone.Utc);

    /// <summary>The factor at an instant (UTC ticks) in the call centre's zone.</summary>
    public static double Factor(long ticks, CallCentreZone zone)
    {
        var t = zone.Local(ticks);
        var weekend = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return Hourly[t.Hour] * (weekend ? 0.25 : 1.0);
    }
}
