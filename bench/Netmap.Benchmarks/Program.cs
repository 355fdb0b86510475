using BenchmarkDotNet.Running;

// Run with: ./build.sh --target=Bench   (or dotnet run -c Release --project bench/Netmap.Benchmarks -- --filter '*')
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
