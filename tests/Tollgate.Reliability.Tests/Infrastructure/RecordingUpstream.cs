using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>
/// A tiny upstream on 127.0.0.1 that answers every request with 200 <c>{"ok":true}</c> (optionally after a
/// delay, cut short when the caller gives up) and records what it received, so tests can tell exactly which
/// paths and headers reached it.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>Every request received, in order of arrival.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts one; each answer waits <paramref name="delay"/> first.</summary>
    public static async Task<RecordingUpstream> StartAsync(TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RecordingUpstream? self = null;
        app.Run(async context =>
        {
            var request = context.Request;
            var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
            self!.Requests.Enqueue(new RecordedRequest(
                request.Method,
                target,
                request.Path.Value ?? "",
                request.QueryString.Value ?? "",
                request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase)));
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"ok\":true}");
        });
        await app.StartAsync();
        self = new RecordingUpstream(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
