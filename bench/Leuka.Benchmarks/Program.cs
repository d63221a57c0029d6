using BenchmarkDotNet.Running;
using Leuka.Benchmarks;

if (args.Length > 0 && args[0] == "load")
{
    return await LoadTest.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
