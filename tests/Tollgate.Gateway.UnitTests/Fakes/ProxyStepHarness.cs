using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Limiting;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Protection;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.UnitTests.Authentication.Fakes;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.UnitTests.Fakes;

/// <summary>
/// One proxy step at a time over a <see cref="DefaultHttpContext"/>: the gateway's real services (key cache, consumer
/// resolution, route policies, problem writer) over fakes of the store and limiter interfaces, and the route a request
/// matched as YARP would put it on the request. Routes go through the real config filter, as at config load.
/// </summary>
internal sealed class ProxyStepHarness : IDisposable
{
    public const string Feature = "forecast";

    private readonly ServiceProvider _services;

    /// <param name="configure">Replaces services after the defaults, e.g. a response cache that fails.</param>
    public ProxyStepHarness(Action<IServiceCollection>? configure = null)
    {
        var tiers = new TierCatalogOptions
        {
            ["free"] = new() { DisplayName = "Free", RequestsPerHour = 10, RequestsPerDay = 100, RequestsPerMonth = 1000, MaxKeys = 2 },
            ["pro"] = new() { DisplayName = "Pro", PriceMonthly = 49, RequestsPerHour = 100, RequestsPerDay = 1000, RequestsPerMonth = 10000, MaxKeys = 5, Features = [Feature] },
        };
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .AddMetrics()
            .AddProblemDetails()
            .AddDistributedMemoryCache();
        services.AddSingleton<TimeProvider>(Time);
        services.Configure<RedisOptions>(o => o.TimeoutMs = 1000);
        services.AddSingleton(ConnectedMultiplexer.Create());
        services.AddSingleton<RedisGuard>();
        services.AddSingleton<IApiKeyStore>(Keys);
        services.AddSingleton<IAccountStore>(Accounts);
        services.AddSingleton<IRateLimiter>(Limiter);
        services.AddSingleton(TierCatalog.From(tiers));
        services.AddSingleton<ApiKeyHasher>();
        services.AddSingleton<KeyAccess>();
        services.AddSingleton<AccountTiers>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<KeyRecordCache>();
        services.AddSingleton<AuthFailureThrottle>();
        services.AddSingleton<ConsumerResolver>();
        services.AddSingleton<ConsumerAuthenticator>();
        services.AddSingleton<ProblemWriter>();
        services.AddSingleton<RoutePolicies>();
        services.AddSingleton<RoutePolicyConfigFilter>();
        services.AddSingleton<RateLimitHeaders>();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeKeyStore Keys { get; } = new();

    public FakeAccountStore Accounts { get; } = new();

    public FakeRateLimiter Limiter { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _services;

    /// <summary>Requests the step passed on to the next one (for the last step: forwarded upstream).</summary>
    public int Forwarded { get; private set; }

    /// <summary>The upstream's answer to a forwarded request.</summary>
    public const string UpstreamBody = """{"city":"Oslo","temperature_c":12}""";

    /// <summary>The rest of the pipeline: counts the request and answers 200 with <see cref="UpstreamBody"/>, as the upstream would.</summary>
    public RequestDelegate Next => context =>
    {
        Forwarded++;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(UpstreamBody);
    };

    /// <summary>The step <typeparamref name="TStep"/> as the proxy pipeline builds it, in front of <see cref="Next"/>.</summary>
    public TStep Step<TStep>() => ActivatorUtilities.CreateInstance<TStep>(_services, Next);

    /// <summary>A route as YARP loads it from configuration: through the config filter, which validates and records its policy.</summary>
    public async Task<RouteConfig> LoadRouteAsync(params (string Key, string Value)[] metadata)
    {
        var route = RouteWith(metadata);
        return await _services.GetRequiredService<RoutePolicyConfigFilter>().ConfigureRouteAsync(route, null, CancellationToken.None);
    }

    /// <summary>A route that never went through the config filter (another provider, a filter that replaced it).</summary>
    public static RouteConfig RouteWith(params (string Key, string Value)[] metadata) => new()
    {
        RouteId = "weather",
        ClusterId = "weather",
        Match = new RouteMatch { Path = "/api/v3/weather/{**rest}" },
        Metadata = metadata.Length == 0 ? null : metadata.ToDictionary(m => m.Key, m => m.Value),
    };

    /// <summary>A key of a new account on <paramref name="tier"/>, known to the key store.</summary>
    public (string RawKey, ApiKeyRecord Record) IssueKey(string tier, params string[] scopes)
    {
        var rawKey = ApiKeyFormat.Generate();
        var accountId = $"acc_{Keys.Records.Count + 1}";
        var record = new ApiKeyRecord($"key_{Keys.Records.Count + 1}", accountId, "test", ApiKeyFormat.PrefixOf(rawKey),
            Time.GetUtcNow(), null, null, scopes, []);
        Keys.Records[_services.GetRequiredService<ApiKeyHasher>().Hash(rawKey)] = record;
        Accounts.Records[accountId] = new AccountRecord(accountId, $"{accountId}@example.test", tier, Time.GetUtcNow());
        return (rawKey, record);
    }

    /// <summary>A GET on <paramref name="route"/>, with <paramref name="rawKey"/> in the key header when given.</summary>
    public DefaultHttpContext Request(RouteConfig route, string? rawKey = null, string method = "GET")
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.Path = "/api/v3/weather/current";
        context.Request.QueryString = new QueryString("?city=Oslo");
        if (rawKey is not null)
        {
            context.Request.Headers[ApiKeyCredentials.HeaderName] = rawKey;
        }
        context.Response.Body = new MemoryStream();
        context.Features.Set<IReverseProxyFeature>(new TestProxyFeature(new RouteModel(route, null, HttpTransformer.Empty)));
        return context;
    }

    /// <summary>The same request, authenticated as the consumer of <paramref name="key"/> (what the first step leaves).</summary>
    public DefaultHttpContext RequestAs(RouteConfig route, ApiKeyRecord key)
    {
        var context = Request(route);
        var account = Accounts.Records[key.AccountId];
        _services.GetRequiredService<TierCatalog>().TryGet(account.Tier, out var tier);
        context.Features.Set(new Consumer(key, account, tier!));
        return context;
    }

    /// <summary>What the step wrote to the response body, as text.</summary>
    public static string Body(HttpContext context) => System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    /// <summary>The problem+json body the step wrote.</summary>
    public static JsonElement Problem(HttpContext context)
    {
        var body = (MemoryStream)context.Response.Body;
        Assert.That(context.Response.ContentType, Does.StartWith("application/problem+json"), "a problem answer");
        return JsonDocument.Parse(body.ToArray()).RootElement.Clone();
    }

    /// <summary>The problem's type, without the common prefix.</summary>
    public static string ProblemType(HttpContext context) =>
        Problem(context).GetProperty("type").GetString()!.Replace("urn:tollgate:problem:", "", StringComparison.Ordinal);

    public void Dispose() => _services.Dispose();
}
