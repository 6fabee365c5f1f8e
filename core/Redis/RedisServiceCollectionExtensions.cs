using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tollgate.Core.Redis;

/// <summary>Registers the one shared Redis multiplexer.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="IConnectionMultiplexer"/> for <c>ConnectionStrings:Redis</c>, and the
    /// <see cref="RedisGuard"/> that bounds calls on the hot path. It does not abort when Redis is down at
    /// start: it keeps reconnecting in the background.
    /// </summary>
    public static IServiceCollection AddTollgateRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .Validate(o => o.TimeoutMs is > 0 and <= 60_000, "Redis:TimeoutMs must be between 1 and 60000.")
            .Validate(o => o.FailuresToOpen > 0, "Redis:FailuresToOpen must be positive.")
            .Validate(o => o.BreakSeconds is > 0 and <= 300, "Redis:BreakSeconds must be between 1 and 300.")
            .ValidateOnStart();
        services.AddMetrics(); // the guard's breaker gauge
        services.AddSingleton<RedisGuard>();
        // Compared with Redis TIME, which is real: never a host's (or a test's) substitute clock.
        services.AddSingleton(new RedisClock(TimeProvider.System));

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var timeoutMs = sp.GetRequiredService<IOptions<RedisOptions>>().Value.TimeoutMs;
            var connectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName);
            var options = ConfigurationOptions.Parse(
                string.IsNullOrWhiteSpace(connectionString) ? RedisOptions.DefaultConnectionString : connectionString);
            options.AbortOnConnectFail = false;
            options.AsyncTimeout = timeoutMs;
            options.SyncTimeout = timeoutMs;
            options.ClientName ??= AppDomain.CurrentDomain.FriendlyName;
            return ConnectionMultiplexer.Connect(options);
        });
        return services;
    }
}
