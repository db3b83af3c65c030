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
// dotnet run -c Release --project bench/Collector.Bench -- backfill-stages [--days 28] [--repeat 5]
//   (the backfill's steps replayed in this process from recorded pages, each beside the floor's parse; see BackfillFloor/StageCost.cs)
if (args is ["backfill-stages", .. var stageArgs])
    return await Collector.Bench.BackfillFloor.StageCost.RunAsync(stageArgs);
if (args is ["floor", .. var floorProcessArgs])
    return await Collector.Bench.BackfillFloor.FloorCommand.RunAsync(floorProcessArgs);
// dotnet run -c Release --project bench/Collector.Bench -- live-latency [--interval 00:00:05] [--trials 20]
if (args is ["live-latency", .. var liveArgs])
    return await Collector.Bench.LiveLatency.RunAsync(liveArgs);
// dotnet run -c Release --project bench/Collector.Bench -- sync-cost [--runs 30] [--queues 50] [--agents 500] [--calls-per-hour 4000]
if (args is ["sync-cost", .. var syncArgs])
    return await Collector.Bench.SyncCost.RunAsync(syncArgs);
// dotnet run -c Release --project bench/Collector.Bench -- live-process [--interval 00:00:05] [--seconds 60] [--rounds 3] [--baseline DIR] [--env KEY=VALUE]
if (args is ["live-process", .. var processArgs])
    return await Collector.Bench.LiveProcessBenchmark.RunAsync(processArgs);
// dotnet run -c Release --project bench/Collector.Bench -- client-cpu [--rounds 40]   (ours vs InfluxDB.Client by thread CPU time, interleaved)
if (args is ["client-cpu", .. var cpuArgs])
    return Collector.Bench.ClientCpuRatio.Run(cpuArgs);

// dotnet run -c Release --project bench/Collector.Bench -- many-pbxs [--pbxs 100] [--seconds 180] [--collector DLL ...]   (one process, many PBXs)
if (args is ["many-pbxs", .. var manyArgs])
    return await Collector.Bench.ManyPbxsBenchmark.RunAsync(manyArgs);
// dotnet run -c Release --project bench/Collector.Bench -- cluster-pbxs [--pbxs 100] [--seconds 180] [--after 120] [--no-baseline]   (three processes on one PostgreSQL, one killed)
if (args is ["cluster-pbxs", .. var clusterArgs])
    return await Collector.Bench.ClusterPbxs.ClusterPbxsBenchmark.RunAsync(clusterArgs);
// dotnet run -c Release --project bench/Collector.Bench -- faults [--full] [NAME ...]   (the fault suite, docs/reliability.md)
if (args is ["faults", .. var faultArgs])
    return await Collector.Bench.FaultSuiteCommand.RunAsync(faultArgs);
// dotnet run -c Release --project bench/Collector.Bench -- rollup-cost [--passages-per-day 1000] [--runs 5]   (docs/benchmarks.md, "Monthly rollups")
if (args is ["rollup-cost", .. var rollupArgs])
    return await Collector.Bench.RollupCostBenchmark.RunAsync(rollupArgs);

// A short job (1 launch, 3 warm-ups, 10 iterations of at least 250 ms) keeps a run to a few minutes on 2 cores;
// pass --job default for BenchmarkDotNet's full statistics.
// --in-process runs that job in this process (no generated project to build: on a loaded machine its build can time out).
var job = Job.ShortRun.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithIterationTime(TimeInterval.FromMilliseconds(250));
if (args.Contains("--in-process"))
    job = job.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job).AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Collector.Bench.EncoderBenchmarks).Assembly).Run([.. args.Where(a => a != "--in-process")], config);
return 0;
