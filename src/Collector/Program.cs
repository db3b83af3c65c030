using Collector.Cli;

// The composition root: the command line decides which verb runs (see Cli/CollectorCommandLine.cs).
return await CollectorCommandLine.Build(CliContext.ForConsole()).Parse(args).InvokeAsync();
