using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

// dotnet run -c Release --project bench/Collector.Bench -- --filter '*Encoder*'
// dotnet run -c Release --project bench/Collector.Bench -- backfill [days ...]   (the whole backfill, see BackfillBenchmark.cs)
if (args.Length > 0 && args[0] == "backfill")
    return await Collector.Bench.BackfillBenchmark.RunAsync(args[1..]);
// dotnet run -c Release --project bench/Collector.Bench -- backfill-floor [--days 28 280] [--pairs 3] [--baseline DIR]
//   (the backfill against its download-and-parse floor, whole processes alternately; see BackfillFloor/FloorComparison.cs)
if (args is ["backfill-floor", .. var floorArgs])
    return await Collector.Bench.BackfillFloor.FloorComparison.RunAsync(floorArgs);
// The floor itself, the process FloorComparison starts: floor --pbx URL --from ISO --to ISO
if (args is ["floor", .. var floorProcessArgs])
    return await Collector.Bench.BackfillFloor.FloorCommand.RunAsync(floorProcessArgs);
// dotnet run -c Release --project bench/Collector.Bench -- live-latency [--interval 00:00:05] [--trials 20]
if (args is ["live-latency", .. var liveArgs])
    return await Collector.Bench.LiveLatency.RunAsync(liveArgs);
// dotnet run -c Release --project bench/Collector.Bench -- faults [--full] [NAME ...]   (the fault suite, docs/reliability.md)
if (args is ["faults", .. var faultArgs])
    return await Collector.Bench.FaultSuiteCommand.RunAsync(faultArgs);

// A short job (1 launch, 3 warm-ups, 10 iterations of at least 250 ms) keeps a run to a few minutes on 2 cores;
// pass --job default for BenchmarkDotNet's full statistics.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithIterationTime(TimeInterval.FromMilliseconds(250)))
    .AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Collector.Bench.EncoderBenchmarks).Assembly).Run(args, config);
return 0;
