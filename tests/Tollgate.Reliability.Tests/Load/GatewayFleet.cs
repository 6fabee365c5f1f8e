using System.Net;
using Tollgate.Reliability.Tests.Infrastructure;

namespace Tollgate.Reliability.Tests.Load;

/// <summary>
/// Several gateway instances on one Redis, each with its own multiplexer, cache and limiter, and a client for
/// each; requests are spread over them round-robin.
/// </summary>
internal sealed class GatewayFleet : IAsyncDisposable
{
    private readonly GatewayHost[] _gateways;
    private readonly HttpClient[] _clients;

    public GatewayFleet(int size, Func<GatewayHost> create)
    {
        _gateways = [.. Enumerable.Range(0, size).Select(_ => create())];
        _clients = [.. _gateways.Select(g => g.CreateClient())];
    }

    public GatewayHost this[int index] => _gateways[index];

    /// <summary>
    /// Sends <paramref name="count"/> GETs of <paramref name="path"/> with the consumer's key, request i to gateway
    /// i mod size, at most <paramref name="inFlight"/> at a time (default: all at once); once
    /// <paramref name="onCompleted"/>'s count of answers is reached, it runs once, while the rest are still flying.
    /// Answers the status of every request and the problem bodies of the refused ones.
    /// </summary>
    public async Task<BurstResult> BurstAsync(
        TestConsumer consumer, string path, int count, int? inFlight = null, (int After, Func<Task> Action)? onCompleted = null)
    {
        using var gate = new SemaphoreSlim(inFlight ?? count);
        var completed = 0;
        Task? sideAction = null;
        var sends = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var request = consumer.Get(path);
                using var response = await _clients[i % _clients.Length].SendAsync(request);
                var window = response.StatusCode == HttpStatusCode.TooManyRequests
                    ? (await Problem.ReadAsync(response)).Body.GetProperty("window").GetString()
                    : null;
                return (response.StatusCode, window);
            }
            finally
            {
                gate.Release();
                if (onCompleted is { } action && Interlocked.Increment(ref completed) == action.After)
                {
                    sideAction = action.Action();
                }
            }
        }).ToList();
        var results = await Task.WhenAll(sends);
        if (sideAction is not null)
        {
            await sideAction;
        }
        return new BurstResult(results);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }
    }
}
