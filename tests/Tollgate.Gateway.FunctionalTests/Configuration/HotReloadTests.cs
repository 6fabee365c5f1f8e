using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Configuration;

/// <summary>
/// Edits of the configuration files while the gateway runs, on a copy of the source layout (root
/// appsettings.json beside gateway.sln, gateway/appsettings.json), so the real files are never touched.
/// </summary>
public sealed class HotReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private string _root = null!;
    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    private string RootSettings => Path.Combine(_root, "appsettings.json");
    private string GatewaySettings => Path.Combine(_root, "gateway", "appsettings.json");

    [SetUp]
    public void Start()
    {
        var source = SourceRoot();
        _root = Directory.CreateTempSubdirectory("tollgate-hot-reload-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "gateway"));
        File.WriteAllText(Path.Combine(_root, "gateway.sln"), "");
        File.Copy(Path.Combine(source, "appsettings.json"), RootSettings);
        File.Copy(Path.Combine(source, "gateway", "appsettings.json"), GatewaySettings);

        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, contentRoot: Path.Combine(_root, "gateway"));
        _client = _gateway.CreateClient();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task RouteMetadataEdit_AppliesWithoutRestart()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        Assert.That(await StatusAsync(consumer, "/api/v3/weather/current?city=Oslo"), Is.EqualTo(HttpStatusCode.OK));

        Edit(GatewaySettings, json => json["ReverseProxy"]!["Routes"]!["weather-current"]!["Metadata"]!["Feature"] = "historical");

        Assert.That(await EventuallyAsync(() => StatusAsync(consumer, "/api/v3/weather/current?city=Oslo"), HttpStatusCode.Forbidden),
            Is.EqualTo(HttpStatusCode.Forbidden), "the free tier lacks 'historical'");
    }

    [Test]
    public async Task InvalidRouteEdit_IsRefusedAndTheLastGoodRoutesStay()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        Edit(GatewaySettings, json =>
        {
            json["ReverseProxy"]!["Routes"]!["weather-current"]!["Metadata"]!["Feature"] = "teleportation";
            json["ReverseProxy"]!["Routes"]!["weather-forecast"]!["Metadata"]!["Feature"] = "historical";
        });
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(consumer, "/api/v3/weather/current?city=Oslo"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StatusAsync(consumer, "/api/v3/weather/forecast?city=Oslo"), Is.EqualTo(HttpStatusCode.OK),
                "the whole edit is refused, not half of it");
        });
    }

    [Test]
    public async Task TierCatalogueEdit_AppliesWithoutRestart_AndAnInvalidOneIsRefused()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        Edit(RootSettings, json => json["Tiers"]!["free"]!["RequestsPerHour"] = 5);
        Assert.That(await EventuallyAsync(() => HourlyLimitAsync(consumer), 5L), Is.EqualTo(5));

        Edit(RootSettings, json => json["Tiers"]!["free"]!["RequestsPerHour"] = -1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(await HourlyLimitAsync(consumer), Is.EqualTo(5), "the last good catalogue stays in force");
    }

    private async Task<HttpStatusCode> StatusAsync(TestConsumer consumer, string path)
    {
        using var response = await _client.SendAsync(consumer.Get(path));
        return response.StatusCode;
    }

    private async Task<long> HourlyLimitAsync(TestConsumer consumer)
    {
        using var response = await _client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("usage").GetProperty("hourly").GetProperty("limit").GetInt64();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, T expected)
    {
        var watch = Stopwatch.StartNew();
        var value = await read();
        while (!EqualityComparer<T>.Default.Equals(value, expected) && watch.Elapsed < Patience)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    private static void Edit(string path, Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        change(json);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "gateway.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("gateway.sln not found above the test binaries.");
    }
}
