using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Tollgate.Benchmarks;

/// <summary>
/// A short job run in this process: a few warm-up and measured iterations, so the whole set finishes in a couple
/// of minutes on a shared machine. In-process, so no project is generated and built per benchmark (that generated
/// project would also trip over the repository's central package management and warnings-as-errors).
/// One joined summary, exported as GitHub markdown for BENCHMARKS.md.
/// </summary>
internal static class ShortInProcessConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithOptions(ConfigOptions.JoinSummary);
}
