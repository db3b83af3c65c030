using System.CommandLine;
using Collector.Cli;

// The composition root: the command line decides which verb runs (see Cli/CollectorCommandLine.cs).
// On Ctrl-C or SIGTERM a verb gets up to 30 s to finish cleanly (a backfill window, a last flush) before it is cut off.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await CollectorCommandLine.Build(CliContext.ForConsole()).Parse(args).InvokeAsync(invocation);
