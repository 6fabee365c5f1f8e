extern alias adminapi;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>
/// The real admin API in the ASP.NET test host (or, with <c>kestrel</c>, on a real loopback socket) with
/// <see cref="Token"/> as its admin token, on the assembly's Redis unless told otherwise.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    /// <summary>The admin token tests authenticate with.</summary>
    public const string Token = "reliability-admin-token-5d1c9e7a3b8f0e2d4c6a8b0f";

    private readonly WebApplicationFactory<adminapi::Program> _factory;
    private readonly Uri? _address;

    public AdminApiHost(
        IReadOnlyDictionary<string, string?>? overrides = null,
        CapturedLogs? logs = null,
        bool kestrel = false,
        string? redisConnectionString = null)
    {
        var values = TestConfiguration.Values(redisConnectionString ?? RedisSetUp.Redis.ConnectionString);
        values["Admin:Tokens:0"] = Token;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        if (kestrel)
        {
            values["Urls"] = KestrelAddress.AnyLoopbackPort;
        }

        var factory = new WebApplicationFactory<adminapi::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(TestHostEnvironment.Testing);
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
            web.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            });
        });
        if (kestrel)
        {
            factory.UseKestrel();
            factory.StartServer();
            _address = KestrelAddress.Of(factory.Services);
        }
        _factory = factory;
    }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The socket address; only for a Kestrel-hosted admin API.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("This admin API runs in the in-memory test server.");

    /// <summary>A client sending <c>Authorization: Bearer <see cref="Token"/></c>.</summary>
    public HttpClient CreateClient()
    {
        var client = _address is null ? _factory.CreateClient() : new HttpClient { BaseAddress = _address };
        client.Timeout = TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
