using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/GeminiWiki.MicroBench -- --filter '*'
// Quick check that every benchmark runs at all: add --job dry (one iteration) or --job short.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
