using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using OpenTelemetry.Trace;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Observability.Tracing;

/// <summary>
/// The gateway's traces, caught by OpenTelemetry's in-memory exporter over the gateway's own tracing set-up:
/// one trace per request from the client's <c>traceparent</c> through the gateway's steps and Redis to the upstream.
/// </summary>
public sealed class GatewayTracingTests
{
    private static readonly TimeSpan SpanWait = TimeSpan.FromSeconds(15);

    private readonly List<Activity> _spans = [];
    private readonly AccessLogLines _accessLog = new();
    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartHosts()
    {
        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, configureServices: services =>
        {
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_spans));
            // Redis spans are made when the instrumentation drains its profiler, every 10 s by default.
            services.Configure<StackExchangeRedisInstrumentationOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(100));
            services.AddSingleton<ILoggerProvider>(_accessLog);
        });
        _client = _gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public async Task ProxiedRequest_IsOneTrace_FromTheClientsContextThroughAuthenticationLimiterAndRedisToTheUpstream()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var (traceId, clientSpanId) = NewClientContext();
        using var request = consumer.Get("/api/v3/weather/echo-headers");
        request.Headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");

        using var response = await _client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);

        var trace = await WaitForTraceAsync(traceId, spans =>
            spans.Any(IsRedis) && spans.Any(IsUpstreamCall) && spans.Any(s => s.OperationName == "gateway.limit"));
        var authentication = trace.Single(s => s.OperationName == "gateway.authenticate");
        var limit = trace.Single(s => s.OperationName == "gateway.limit");
        var upstreamCall = trace.Single(IsUpstreamCall);
        // The sample upstream runs in this process with the same ASP.NET Core instrumentation: its server span is the other one.
        var server = trace.Single(s => s.Kind == ActivityKind.Server && s.ParentSpanId != upstreamCall.SpanId);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.ParentSpanId, Is.EqualTo(clientSpanId), "the server span continues the client's trace");
            Assert.That(authentication.ParentSpanId, Is.EqualTo(server.SpanId));
            Assert.That(authentication.GetTagItem("tollgate.auth.outcome"), Is.EqualTo("authenticated"));
            Assert.That(authentication.GetTagItem("tollgate.tier"), Is.EqualTo("free"));
            Assert.That(limit.ParentSpanId, Is.EqualTo(server.SpanId));
            Assert.That(limit.GetTagItem("tollgate.tier"), Is.EqualTo("free"));
            Assert.That(limit.GetTagItem("tollgate.limit.decision"), Is.EqualTo("admitted"));
            Assert.That(limit.GetTagItem("tollgate.limit.source"), Is.EqualTo("redis"));
            Assert.That(trace.Where(IsRedis).Select(s => s.Kind), Is.Not.Empty.And.All.EqualTo(ActivityKind.Client));
            Assert.That(upstreamCall.ParentSpanId, Is.EqualTo(server.SpanId));
            Assert.That(echoed.Headers["traceparent"], Is.EqualTo($"00-{traceId}-{upstreamCall.SpanId}-01"),
                "the upstream's parent is the gateway's client span, in the client's trace");
            Assert.That(_accessLog.Lines.Where(l => l.Contains("/api/v3/weather/echo-headers", StringComparison.Ordinal)),
                Has.Some.Contains($"trace_id={traceId}"));
        });
    }

    [Test]
    public async Task LimitedRequest_LimiterSpanSaysLimited_AndNothingIsForwarded()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        const int freeHourly = 60; // the root appsettings.json's free tier
        for (var i = 0; i < freeHourly; i++)
        {
            using var admitted = consumer.Get("/api/v3/weather/echo-headers");
            (await _client.SendAsync(admitted)).Dispose();
        }
        var (traceId, clientSpanId) = NewClientContext();
        using var request = consumer.Get("/api/v3/weather/echo-headers");
        request.Headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");

        using var response = await _client.SendAsync(request);

        var trace = await WaitForTraceAsync(traceId, spans => spans.Any(s => s.Kind == ActivityKind.Server));
        var limit = trace.Single(s => s.OperationName == "gateway.limit");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(limit.GetTagItem("tollgate.limit.decision"), Is.EqualTo("limited"));
            Assert.That(limit.GetTagItem("tollgate.limit.source"), Is.EqualTo("redis"));
            Assert.That(trace.Where(IsUpstreamCall), Is.Empty);
        });
    }

    [Test]
    public async Task RefusedKey_AuthenticationSpanNamesTheRefusal_AndNoLimiterSpan()
    {
        var (traceId, clientSpanId) = NewClientContext();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/weather/echo-headers");
        request.Headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");

        using var response = await _client.SendAsync(request);

        var trace = await WaitForTraceAsync(traceId, spans => spans.Any(s => s.Kind == ActivityKind.Server));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(trace.Single(s => s.OperationName == "gateway.authenticate").GetTagItem("tollgate.auth.outcome"), Is.EqualTo("missing"));
            Assert.That(trace.Where(s => s.OperationName == "gateway.limit"), Is.Empty);
        });
    }

    [Test]
    public async Task Spans_NeverHoldTheKeyOrItsPrefix_WhetherSentInTheHeaderOrTheQuery()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var viaHeader = NewClientContext();
        using var byHeader = consumer.Get("/api/v3/weather/echo-headers");
        byHeader.Headers.Add("traceparent", $"00-{viaHeader.TraceId}-{viaHeader.SpanId}-01");
        var viaQuery = NewClientContext();
        using var byQuery = new HttpRequestMessage(HttpMethod.Get, $"/api/v3/weather/echo-headers?api_key={Uri.EscapeDataString(consumer.RawKey)}");
        byQuery.Headers.Add("traceparent", $"00-{viaQuery.TraceId}-{viaQuery.SpanId}-01");
        // A well-formed key nobody issued: its prefix is what a refusal could be tempted to record.
        var unknown = NewClientContext();
        var unknownKey = await _gateway.CreateConsumerAsync("free");
        await _gateway.Services.GetRequiredService<Core.Keys.IApiKeyStore>()
            .RevokeAsync(unknownKey.Account.Id, unknownKey.Key.KeyId, CancellationToken.None);
        using var byRevoked = unknownKey.Get("/api/v3/weather/echo-headers");
        byRevoked.Headers.Add("traceparent", $"00-{unknown.TraceId}-{unknown.SpanId}-01");

        using var first = await _client.SendAsync(byHeader);
        using var second = await _client.SendAsync(byQuery);
        using var third = await _client.SendAsync(byRevoked);

        var traces = new List<Activity>();
        traces.AddRange(await WaitForTraceAsync(viaHeader.TraceId, spans => spans.Any(IsUpstreamCall) && spans.Any(IsRedis)));
        traces.AddRange(await WaitForTraceAsync(viaQuery.TraceId, spans => spans.Any(IsUpstreamCall)));
        traces.AddRange(await WaitForTraceAsync(unknown.TraceId, spans => spans.Any(s => s.Kind == ActivityKind.Server)));
        var texts = Snapshot().SelectMany(Texts).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(traces.Select(s => s.GetTagItem("tollgate.auth.outcome")).OfType<string>(), Has.Member("revoked"));
            Assert.That(texts, Is.Not.Empty);
            foreach (var secret in new[] { consumer.RawKey, consumer.Key.Prefix, unknownKey.RawKey, unknownKey.Key.Prefix })
            {
                Assert.That(texts, Has.None.Contains(secret), "a span's name, attribute, event or status must not hold a key or its prefix");
            }
        });
    }

    private static (ActivityTraceId TraceId, ActivitySpanId SpanId) NewClientContext() =>
        (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

    private static bool IsRedis(Activity span) => span.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal);

    private static bool IsUpstreamCall(Activity span) => span.Kind == ActivityKind.Client && span.Source.Name == "System.Net.Http";

    /// <summary>Everything a span carries that an exporter sends as text.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));

    /// <summary>The exported spans so far (the exporter appends from request threads while the test reads).</summary>
    private Activity[] Snapshot()
    {
        lock (_spans)
        {
            return _spans.ToArray().Where(s => s is not null).ToArray();
        }
    }

    /// <summary>The spans of one trace, once <paramref name="complete"/> holds for them (spans are exported as each ends).</summary>
    private async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> complete)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var trace = Snapshot().Where(s => s.TraceId == traceId).ToList();
            if (complete(trace))
            {
                return trace;
            }
            if (watch.Elapsed > SpanWait)
            {
                Assert.Fail($"Trace {traceId} incomplete after {SpanWait}: {string.Join(", ", trace.Select(s => $"{s.Source.Name}/{s.DisplayName}"))}.");
            }
            await Task.Delay(50);
        }
    }
}
