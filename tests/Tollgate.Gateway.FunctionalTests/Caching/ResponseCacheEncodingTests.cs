using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Caching;

/// <summary>
/// The response cache in front of an upstream that compresses and varies (<see cref="EncodingUpstream"/>), on a
/// real Redis: whatever the first caller asked for, no later caller gets a body in a coding it did not ask for,
/// and an answer that varies on more than the coding is not shared.
/// </summary>
public sealed class ResponseCacheEncodingTests
{
    private EncodingUpstream _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartHostsAsync()
    {
        _upstream = await EncodingUpstream.StartAsync();
        _gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:weather-forecast:Metadata:CacheSeconds"] = "60",
        });
        _client = _gateway.CreateClient(); // decompresses nothing: the test sees the bytes as sent
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public async Task GzipCallerFirst_ThenCallerWithoutAcceptEncoding_BothGetJsonTheyCanRead_TheSecondFromTheCache()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var path = $"/api/v3/weather/forecast?city={Guid.NewGuid():N}&mode=gzip-if-asked";

        using var first = await SendAsync(consumer, path, acceptEncoding: "gzip, br");
        using var second = await SendAsync(consumer, path);
        using var third = await SendAsync(consumer, path, acceptEncoding: "gzip");

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ReadJsonAsync(first)).GetProperty("serial").GetInt32(), Is.Positive);
            Assert.That(second.Headers.GetValues("X-Cache").Single(), Is.EqualTo("HIT"));
            Assert.That(second.Content.Headers.ContentEncoding, Is.Empty, "never a compressed body to a caller that did not ask for one");
            Assert.That((await ReadJsonAsync(second)).GetProperty("summary").GetString(), Is.EqualTo("sunny"), "the body is the JSON it claims to be");
            Assert.That(third.Headers.GetValues("X-Cache").Single(), Is.EqualTo("HIT"), "one entry serves every caller");
            Assert.That((await ReadJsonAsync(third)).GetProperty("summary").GetString(), Is.EqualTo("sunny"));
        });
    }

    [Test]
    public async Task UpstreamThatCompressesAnyway_IsPassedOnIntactButNotCached()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var path = $"/api/v3/weather/forecast?city={Guid.NewGuid():N}&mode=gzip-always";

        using var first = await SendAsync(consumer, path, acceptEncoding: "gzip");
        using var second = await SendAsync(consumer, path);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Content.Headers.ContentEncoding, Is.EqualTo((string[])["gzip"]), "the upstream's coding is passed on with its body");
            Assert.That((await ReadJsonAsync(first)).GetProperty("serial").GetInt32(), Is.Positive);
            Assert.That(second.Headers.GetValues("X-Cache").Single(), Is.EqualTo("MISS"), "a compressed answer is not kept");
            Assert.That(second.Content.Headers.ContentEncoding, Is.EqualTo((string[])["gzip"]));
            Assert.That((await ReadJsonAsync(second)).GetProperty("summary").GetString(), Is.EqualTo("sunny"));
        });
    }

    [Test]
    public async Task AnswerVaryingOnLanguage_IsNotShared()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var path = $"/api/v3/weather/forecast?city={Guid.NewGuid():N}&mode=language";

        using var english = await SendAsync(consumer, path, acceptLanguage: "en");
        using var german = await SendAsync(consumer, path, acceptLanguage: "de");

        Assert.Multiple(async () =>
        {
            Assert.That((await ReadJsonAsync(english)).GetProperty("summary").GetString(), Is.EqualTo("sunny"));
            Assert.That(german.Headers.GetValues("X-Cache").Single(), Is.EqualTo("MISS"));
            Assert.That((await ReadJsonAsync(german)).GetProperty("summary").GetString(), Is.EqualTo("sonnig"));
        });
    }

    [Test]
    public async Task RequestThatMayFillTheCache_GoesUpstreamWithoutAcceptEncoding()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var path = $"/api/v3/weather/forecast?city={Guid.NewGuid():N}&mode=gzip-if-asked";
        int before;
        lock (_upstream.AcceptEncodings)
        {
            before = _upstream.AcceptEncodings.Count;
        }

        using var response = await SendAsync(consumer, path, acceptEncoding: "gzip");

        lock (_upstream.AcceptEncodings)
        {
            Assert.That(_upstream.AcceptEncodings.Skip(before), Is.EqualTo((string[])[""]));
        }
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
    }

    private async Task<HttpResponseMessage> SendAsync(TestConsumer consumer, string path, string? acceptEncoding = null, string? acceptLanguage = null)
    {
        using var request = consumer.Get(path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }
        return await _client.SendAsync(request);
    }

    /// <summary>The body as JSON, decoded per its own Content-Encoding, as a client would.</summary>
    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }
        return JsonSerializer.Deserialize<JsonElement>(bytes);
    }
}
