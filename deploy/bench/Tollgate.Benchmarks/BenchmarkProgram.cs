using BenchmarkDotNet.Running;

namespace Tollgate.Benchmarks;

/// <summary>Runs the benchmarks the command line selects (e.g. <c>--filter '*'</c>) with <see cref="ShortInProcessConfig"/>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, ShortInProcessConfig.Create());
}
