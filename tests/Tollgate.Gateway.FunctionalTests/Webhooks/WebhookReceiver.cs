using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>
/// A webhook receiver on a real Kestrel socket: takes POSTs to <c>/hooks/{name}</c>, keeps each (<see cref="Received"/>) and
/// answers 204, or the statuses queued for that name with <see cref="AnswerNext"/> first.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Every delivery received, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(KestrelAddress.AnyLoopbackPort);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Address = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>A URL of its own for one test.</summary>
    public string UrlFor(string name) => new Uri(Address, $"/hooks/{name}").ToString();

    /// <summary>The next deliveries to <paramref name="name"/> get these statuses, in order; then 204 again.</summary>
    public void AnswerNext(string name, params int[] statuses)
    {
        var queue = _answers.GetOrAdd(name, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Drops the statuses still queued for <paramref name="name"/>: it answers 204 from now on.</summary>
    public void AnswerNormally(string name) => _answers.TryRemove(name, out _);

    /// <summary>Deliveries to <paramref name="name"/> so far.</summary>
    public IReadOnlyList<ReceivedWebhook> To(string name) => [.. _received.Where(r => r.Path == "/hooks/" + name)];

    /// <summary>Waits until <paramref name="name"/> has received <paramref name="count"/> deliveries matching <paramref name="match"/>; those.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string name, int count = 1, Func<ReceivedWebhook, bool>? match = null, double seconds = 20)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var got = To(name).Where(match ?? (_ => true)).ToList();
            if (got.Count >= count)
            {
                return got;
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"{name} received {got.Count} of {count} expected deliveries in {seconds} s: " +
                    string.Join(" | ", To(name).Select(r => r.Body)));
            }
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(string name, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        var status = _answers.TryGetValue(name, out var queue) && queue.TryDequeue(out var queued) ? queued : StatusCodes.Status204NoContent;
        _received.Enqueue(new ReceivedWebhook(context.Request.Path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), headers.ContentType.ToString(), body, DateTimeOffset.UtcNow, status));
        return Results.StatusCode(status);
    }
}
