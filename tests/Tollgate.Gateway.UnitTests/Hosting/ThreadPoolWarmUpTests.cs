using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.UnitTests.Hosting;

// The thread pool's minimum is the process's: these tests set it and put it back, one at a time.
[NonParallelizable]
public sealed class ThreadPoolWarmUpTests
{
    private readonly FakeTimeProvider _time = new();
    private int _workers;
    private int _completionPorts;
    private int _maxWorkers;

    [SetUp]
    public void RememberMinimum()
    {
        ThreadPool.GetMinThreads(out _workers, out _completionPorts);
        ThreadPool.GetMaxThreads(out _maxWorkers, out _);
    }

    [TearDown]
    public void PutMinimumBack() => ThreadPool.SetMinThreads(_workers, _completionPorts);

    [Test]
    public async Task StartAsync_RaisesTheMinimumForTheWarmUpThenPutsItBack()
    {
        ThreadPool.SetMinThreads(2, _completionPorts);
        using var warmUp = new ThreadPoolWarmUp(_time, NullLogger<ThreadPoolWarmUp>.Instance);

        await warmUp.StartAsync(CancellationToken.None);
        Assert.That(MinWorkers(), Is.EqualTo(ThreadPoolWarmUp.WarmWorkers));

        _time.Advance(ThreadPoolWarmUp.WarmUp - TimeSpan.FromSeconds(1));
        Assert.That(MinWorkers(), Is.EqualTo(ThreadPoolWarmUp.WarmWorkers), "still warming up");

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(MinWorkers(), Is.EqualTo(2), "warm: back to what it was");
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        Assert.That(maxWorkers, Is.EqualTo(_maxWorkers), "the maximum is the same as before");
    }

    [Test]
    public async Task StopAsync_DuringTheWarmUp_PutsTheMinimumBack()
    {
        ThreadPool.SetMinThreads(2, _completionPorts);
        using var warmUp = new ThreadPoolWarmUp(_time, NullLogger<ThreadPoolWarmUp>.Instance);
        await warmUp.StartAsync(CancellationToken.None);

        await warmUp.StopAsync(CancellationToken.None);

        Assert.That(MinWorkers(), Is.EqualTo(2));
    }

    [Test]
    public async Task StartAsync_OperatorsMinimumAtLeastAsHigh_IsLeftAlone()
    {
        ThreadPool.SetMinThreads(ThreadPoolWarmUp.WarmWorkers + 8, _completionPorts);
        using var warmUp = new ThreadPoolWarmUp(_time, NullLogger<ThreadPoolWarmUp>.Instance);

        await warmUp.StartAsync(CancellationToken.None);
        _time.Advance(ThreadPoolWarmUp.WarmUp);
        await warmUp.StopAsync(CancellationToken.None);

        Assert.That(MinWorkers(), Is.EqualTo(ThreadPoolWarmUp.WarmWorkers + 8));
    }

    private static int MinWorkers()
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }
}
