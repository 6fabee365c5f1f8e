using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Redis;

namespace Tollgate.Testing;

/// <summary>
/// Builds the services of <c>Tollgate.Core</c> the way a gateway or the admin API registers them,
/// against a <see cref="TestRedis"/>. Each provider owns its own multiplexer, so several providers
/// stand in for several service instances.
/// </summary>
public static class CoreServices
{
    /// <summary>
    /// A provider with <c>AddTollgateRedis</c> and <c>AddTollgateCore</c> over <see cref="TestConfiguration"/>,
    /// whose start-up validation (<c>ValidateOnStart</c>) has already run. The caller disposes it.
    /// </summary>
    /// <param name="redis">The Redis to use.</param>
    /// <param name="timeProvider">The clock, typically a <c>FakeTimeProvider</c>; default the system clock.</param>
    /// <param name="overrides">Configuration laid over the defaults, e.g. <c>["Tiers:free:RequestsPerHour"] = "5"</c>.</param>
    /// <param name="configure">Last word on the registrations.</param>
    public static ServiceProvider Build(
        TestRedis redis,
        TimeProvider? timeProvider = null,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return Build(redis.ConnectionString, timeProvider, overrides, configure);
    }

    /// <summary>
    /// One instance as deployed: <see cref="Build(TestRedis, TimeProvider?, IEnumerable{KeyValuePair{string, string?}}?, Action{IServiceCollection}?)"/>
    /// with the lease channel's listener (<c>AddPermitLeaseEvents</c>, as the gateway adds it) and its hosted services
    /// started, as a host starts them. Without the listener, a request refused while another instance holds a lease of
    /// its account is never given those permits back. Dispose it to stop the services (leases go back) and the provider.
    /// </summary>
    public static async Task<StartedCoreServices> StartAsync(
        TestRedis redis,
        TimeProvider? timeProvider = null,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        CancellationToken cancellationToken = default)
    {
        var provider = Build(redis, timeProvider, overrides, services => services.AddPermitLeaseEvents());
        var started = new StartedCoreServices(provider);
        try
        {
            await started.StartAsync(cancellationToken).ConfigureAwait(false);
            return started;
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc cref="Build(TestRedis, TimeProvider?, IEnumerable{KeyValuePair{string, string?}}?, Action{IServiceCollection}?)"/>
    public static ServiceProvider Build(
        string redisConnectionString,
        TimeProvider? timeProvider = null,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = TestConfiguration.Build(redisConnectionString, overrides);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment());
        if (timeProvider is not null)
        {
            // Before AddTollgateCore, whose TryAdd then keeps this clock.
            services.AddSingleton(timeProvider);
        }
        services.AddTollgateRedis(configuration);
        services.AddTollgateCore();
        configure?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            // What a host does at start: fail here, not in the middle of a test, on invalid options.
            provider.GetService<IStartupValidator>()?.Validate();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
