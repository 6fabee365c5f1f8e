namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// A gateway on a real socket, with one test route per <c>RateLimitHeaders</c> format besides the echo route that names
/// none, and the Node.js header parser (<see cref="HeaderClientParser"/>) to read its answers.
/// </summary>
public abstract class HeaderClientTestBase
{
    /// <summary>The echo route, which names no format: it gets <c>Gateway:RateLimitHeaders</c>.</summary>
    protected const string GatewayDefault = "/api/v3/weather/echo-headers";
    protected const string Draft11 = "/api/v3/weather/headers-draft11";
    protected const string Draft7 = "/api/v3/weather/headers-draft7";
    protected const string Legacy = "/api/v3/weather/headers-legacy";

    /// <summary>Configuration the class's gateway runs with besides the test routes.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected UpstreamHost Upstream { get; private set; } = null!;
    protected GatewayHost Gateway { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;
    protected HeaderClientParser Parser { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Parser = await HeaderClientParser.RestoreAsync();
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (path, format) in new[] { (Draft11, "draft11"), (Draft7, "draft7"), (Legacy, "legacy") })
        {
            var route = $"ReverseProxy:Routes:headers-{format}:";
            settings[route + "ClusterId"] = "weather";
            settings[route + "Match:Path"] = path;
            settings[route + "Metadata:Feature"] = "current";
            settings[route + "Metadata:RateLimitHeaders"] = format;
            settings[route + "Transforms:0:PathSet"] = GatewayDefault;
        }
        Upstream = new UpstreamHost();
        Gateway = new GatewayHost(Upstream.Address, settings, kestrel: true);
        Client = Gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        Client?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }
        Parser?.Dispose();
    }

    /// <summary>Sends <paramref name="count"/> requests of <paramref name="consumer"/> at once, checking each was answered <paramref name="status"/>.</summary>
    protected async Task SendAsync(TestConsumer consumer, string path, int count, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Client.SendAsync(consumer.Get(path))));
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.That(response.StatusCode, Is.EqualTo(status));
            }
        }
    }

    /// <summary>The Node.js client's reading of one more request of <paramref name="consumer"/> to <paramref name="path"/>.</summary>
    protected Task<HeaderClientReading> ParseAsync(TestConsumer consumer, string path)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return Parser.GetAsync(new Uri(Gateway.Address, path), consumer.RawKey);
    }
}
