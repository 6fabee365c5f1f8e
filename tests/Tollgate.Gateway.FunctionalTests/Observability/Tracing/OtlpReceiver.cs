using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Observability.Tracing;

/// <summary>
/// A stand-in OTLP/HTTP collector on a real loopback socket: accepts <c>POST /v1/traces</c> and keeps each
/// export's content type and body (not decoded), answering with an empty, i.e. fully successful, response.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string? ContentType, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public IReadOnlyCollection<(string? ContentType, byte[] Body)> Exports => _exports;

    /// <summary>The base address, what <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names (the exporter adds <c>/v1/traces</c>).</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(KestrelAddress.AnyLoopbackPort);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver.Address = KestrelAddress.Of(app.Services);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
