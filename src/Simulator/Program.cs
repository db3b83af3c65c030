using Simulator;

var app = SimulatorApp.Build(args);
await app.RunAsync();
