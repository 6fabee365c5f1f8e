using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// A small upstream on a real Kestrel socket that answers <c>/api/v3/weather/forecast</c> the ways real servers
/// do, chosen by the <c>mode</c> query parameter: <c>gzip-if-asked</c> (gzip when <c>Accept-Encoding</c> allows it,
/// <c>Vary: Accept-Encoding</c>), <c>gzip-always</c> (gzip whatever was asked), <c>language</c> (a body per
/// <c>Accept-Language</c>, <c>Vary: Accept-Language</c>). Each body is JSON with a serial number, so a test sees
/// whether an answer came from here or from a cache.
/// </summary>
public sealed class EncodingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _served;

    private EncodingUpstream(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Where the upstream listens.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Accept-Encoding of each forecast request received, in order ("" when absent).</summary>
    public List<string> AcceptEncodings { get; } = [];

    public static async Task<EncodingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(KestrelAddress.AnyLoopbackPort);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new EncodingUpstream(app);
        app.MapGet("/health", () => "ok");
        app.MapGet("/api/v3/weather/forecast", upstream.AnswerAsync);
        await app.StartAsync();
        upstream.Address = new Uri(app.Urls.First());
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        var acceptEncoding = context.Request.Headers.AcceptEncoding.ToString();
        lock (AcceptEncodings)
        {
            AcceptEncodings.Add(acceptEncoding);
        }
        var serial = Interlocked.Increment(ref _served);
        var mode = context.Request.Query["mode"].ToString();
        var language = mode == "language" && context.Request.Headers.AcceptLanguage.ToString().StartsWith("de", StringComparison.Ordinal) ? "de" : "en";
        var json = $$"""{"serial":{{serial}},"language":"{{language}}","summary":"{{(language == "de" ? "sonnig" : "sunny")}}"}""";
        var body = Encoding.UTF8.GetBytes(json);

        context.Response.ContentType = "application/json";
        var gzip = mode == "gzip-always" || (mode == "gzip-if-asked" && acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase));
        if (mode == "gzip-if-asked")
        {
            context.Response.Headers.Vary = "Accept-Encoding";
        }
        if (mode == "language")
        {
            context.Response.Headers.Vary = "Accept-Language";
        }
        if (gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
            body = Gzip(body);
        }
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    private static byte[] Gzip(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }
        return compressed.ToArray();
    }
}
