using System.Net;
using System.Runtime;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Limiting.Leases;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Authentication;
using Tollgate.ServiceDefaults;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// Compiles the request path before the gateway takes traffic. A fresh gateway runs its precompiled (ReadyToRun) code at
/// about half the speed of the code tiered compilation makes once methods are hot; under full load on two cores that
/// compilation took 20–30 s, during which the gateway served 0.3–0.5 of its warm throughput. So after start the gateway
/// sends keyed requests to itself over loopback until the runtime has compiled what they run (new compiled methods come
/// to a trickle) or <see cref="WarmUpOptions.MaxDuration"/> has passed, and reports ready only then
/// (<see cref="WarmUpHealthCheck"/>).
/// </summary>
/// <remarks>
/// The requests take every step a proxied request takes (server, key cache, limiter with its leases and Redis script,
/// headers, forwarder, HTTP client) on a route of their own (<see cref="WarmUpRoute"/>) that ends at this gateway
/// (<see cref="WarmUpEndpoints"/>), with a key and account made up for it (<see cref="WarmUpConsumer"/>): they reach no
/// upstream and no real account. The account's windows in Redis are deleted when it ends. Skipped where there is no
/// plain-HTTP public listener to reach (HTTPS only, or an in-memory test server); any failure ends the warm-up at once,
/// so readiness never waits longer than the longest duration, one request's timeout and the clean-up's 5 s.
/// </remarks>
internal sealed partial class WarmUpService(
    WarmUpState state,
    WarmUpRoute route,
    KeyRecordCache cache,
    ApiKeyHasher hasher,
    TierCatalog catalog,
    AccountTiers tiers,
    IRateLimiter limiter,
    IConnectionMultiplexer redis,
    Microsoft.AspNetCore.Hosting.Server.IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<WarmUpOptions> options,
    IOptions<ManagementOptions> management,
    TimeProvider timeProvider,
    ILogger<WarmUpService> logger) : BackgroundService
{
    // One warm-up request may take no longer than this (a stuck one ends the warm-up, not readiness).
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    // The most the warm-up account's clean-up may hold readiness back (a lease's return and the deletion).
    private static readonly TimeSpan ForgetTimeout = TimeSpan.FromSeconds(5);

    // How often the compiler's progress is read, and the least the warm-up runs: tiering starts after its first calls.
    private static readonly TimeSpan Sample = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(2);

    // Methods compiled per second below which the compiler is taken as done with the request path. Measured on two cores
    // (BENCHMARKS.md, "Cold start: a start-up warm-up"): 150-600 a second while the path tiers up, then under 20 within a second or two.
    private const double SettledMethods = 25;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WarmUpConsumer? consumer = null;
        var shown = false;
        var startedAt = timeProvider.GetUtcNow();
        try
        {
            var settings = options.Value;
            if (settings.MaxDurationMs == 0 || !await StartedAsync(stoppingToken).ConfigureAwait(false))
            {
                return;
            }
            if (Self() is not { } self)
            {
                Log.NoListener(logger);
                return;
            }
            startedAt = timeProvider.GetUtcNow();
            consumer = WarmUpConsumer.Create(catalog, hasher, startedAt);
            cache.Hold(consumer.KeyHash, consumer.Key, consumer.Account);
            route.Show(self);
            shown = true;
            state.Start();
            var started = timeProvider.GetTimestamp();
            var requests = await RunAsync(self, consumer.RawKey, settings, stoppingToken).ConfigureAwait(false);
            Log.Done(logger, requests, timeProvider.GetElapsedTime(started).TotalSeconds);
        }
#pragma warning disable CA1031 // Whatever goes wrong, the warm-up ends and the gateway serves: it must never stop the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                Log.Failed(logger, e);
            }
        }
        finally
        {
            if (shown)
            {
                route.Hide();
            }
            if (consumer is not null)
            {
                cache.Release(consumer.KeyHash, consumer.Account.Id);
                await ForgetAsync(consumer, startedAt).ConfigureAwait(false);
            }
            state.Finish();
        }
    }

    /// <summary>Waits for the server to listen; false when the host stops first.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult(true));
        using var onStopping = stoppingToken.Register(() => started.TrySetResult(false));
        return await started.Task.ConfigureAwait(false);
    }

    private async Task<long> RunAsync(Uri self, string rawKey, WarmUpOptions settings, CancellationToken stoppingToken)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = RequestTimeout };
        using var settled = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var url = new Uri(self, WarmUpRoute.Path);
        long requests = 0;
        var sending = Enumerable.Range(0, settings.Connections).Select(async _ =>
        {
            while (!settled.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add(ApiKeyCredentials.HeaderName, rawKey);
                request.Headers.Add(WarmUpState.TokenHeader, state.Token);
                using var response = await client.SendAsync(request, stoppingToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new HttpRequestException($"The warm-up's request was answered {(int)response.StatusCode}.", null, response.StatusCode);
                }
                await response.Content.ReadAsByteArrayAsync(stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref requests);
            }
        }).ToList();
        var all = Task.WhenAll(sending);
        var watching = WatchCompilerAsync(settings.MaxDuration, settled.Token);
        // The compiler settling ends the warm-up; so does a failed request. Either way every sender finishes the request
        // it has in flight before the route goes: a failure then comes out of the senders, a settled watch ends quietly.
        await Task.WhenAny(all, watching).ConfigureAwait(false);
        await settled.CancelAsync().ConfigureAwait(false);
        try
        {
            await all.ConfigureAwait(false);
        }
        finally
        {
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return Interlocked.Read(ref requests);
    }

    /// <summary>
    /// Completes once the runtime compiles fewer than <see cref="SettledMethods"/> new methods a second, i.e. the request
    /// path's hot methods are at their final tier, and after <paramref name="longest"/> at the latest.
    /// </summary>
    private async Task WatchCompilerAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        using var timer = new PeriodicTimer(Sample, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            var now = JitInfo.GetCompiledMethodCount();
            var rate = (now - compiled) / Sample.TotalSeconds;
            compiled = now;
            if (elapsed >= longest || (elapsed >= Shortest && rate < SettledMethods))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Returns the warm-up account's lease and deletes what the limiter wrote for it, by name: the days from the day
    /// before it started to the day after it ended, whatever Redis's clock said.
    /// </summary>
    private async Task ForgetAsync(WarmUpConsumer consumer, DateTimeOffset startedAt)
    {
        var accountId = consumer.Account.Id;
        try
        {
            using var timeout = new CancellationTokenSource(ForgetTimeout, timeProvider);
            if (limiter is ILeaseSettlement leases)
            {
                await leases.SettleAsync(accountId, timeout.Token).ConfigureAwait(false);
            }
            if (tiers.TryGet(consumer.Account, out var tier))
            {
                var fromDay = EpochDay.Of(startedAt) - 1;
                var toDay = EpochDay.Of(timeProvider.GetUtcNow()) + 1;
                await AccountLimiterKeys.DeleteAsync(redis.GetDatabase(), accountId, tier.Limits, fromDay, toDay)
                    .WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Left behind, its windows expire by themselves; the gateway serves either way.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.NotForgotten(logger, e);
        }
    }

    /// <summary>
    /// The first plain-HTTP public listener, as reachable over loopback (a wildcard host becomes 127.0.0.1 or [::1]);
    /// none when the server lists no address (an in-memory test server) or only HTTPS and management ones.
    /// </summary>
    private Uri? Self()
    {
        var managementPorts = ListenAddresses.Split(management.Value.Urls).Select(ListenAddresses.PortOf).ToHashSet();
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var bound = BindingAddress.Parse(address);
            if (bound is { Scheme: "http", IsUnixPipe: false, IsNamedPipe: false } && !managementPorts.Contains(bound.Port))
            {
                var host = bound.Host switch
                {
                    "0.0.0.0" or "+" or "*" => "127.0.0.1",
                    "[::]" => "[::1]",
                    var named => named,
                };
                return new UriBuilder(Uri.UriSchemeHttp, host, bound.Port).Uri;
            }
        }
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Warm-up done: {Requests} requests to itself in {Seconds:F1} s; ready for traffic.")]
        public static partial void Done(ILogger logger, long requests, double seconds);

        [LoggerMessage(2, LogLevel.Warning, "Warm-up ended early; ready for traffic without it.")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Warm-up skipped: no plain-HTTP public listener to send it to.")]
        public static partial void NoListener(ILogger logger);

        [LoggerMessage(4, LogLevel.Warning, "The warm-up account's windows were not deleted from Redis; they expire by themselves.")]
        public static partial void NotForgotten(ILogger logger, Exception exception);
    }
}
