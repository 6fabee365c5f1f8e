using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using OpenTelemetry.Trace;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Keys;

namespace Tollgate.AdminApi.FunctionalTests.Operations.Tracing;

/// <summary>
/// The admin API's traces, caught by OpenTelemetry's in-memory exporter over the service's own tracing set-up:
/// a request is a server span continuing the caller's trace, with its Redis commands as children, and no span
/// holds the admin token, an e-mail address, an issued key or its prefix.
/// </summary>
public sealed class AdminApiTracingTests
{
    private static readonly TimeSpan SpanWait = TimeSpan.FromSeconds(15);

    private readonly List<Activity> _spans = [];
    private AdminApiHost _host = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        _host = new AdminApiHost(configureServices: services =>
        {
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_spans));
            // Redis spans are made when the instrumentation drains its profiler, every 10 s by default.
            services.Configure<StackExchangeRedisInstrumentationOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(100));
        });
        _client = _host.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task AdminRequests_AreServerSpansWithRedisChildren_InTheCallersTrace_HoldingNoTokenEmailOrKey()
    {
        var email = AdminClient.NewEmail();
        var create = NewCallerContext();
        using var createRequest = new HttpRequestMessage(HttpMethod.Post, "/admin/accounts") { Content = JsonContent.Create(new { email, tier = "pro" }) };
        createRequest.Headers.Add("traceparent", $"00-{create.TraceId}-{create.SpanId}-01");
        using var created = await _client.SendAsync(createRequest);
        var accountId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var issue = NewCallerContext();
        using var issueRequest = new HttpRequestMessage(HttpMethod.Post, $"/admin/accounts/{accountId}/keys") { Content = JsonContent.Create(new { name = "traced" }) };
        issueRequest.Headers.Add("traceparent", $"00-{issue.TraceId}-{issue.SpanId}-01");
        using var issued = await _client.SendAsync(issueRequest);
        var apiKey = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("api_key").GetString()!;

        var createTrace = await WaitForTraceAsync(create.TraceId);
        var issueTrace = await WaitForTraceAsync(issue.TraceId);
        var server = createTrace.Single(s => s.Kind == ActivityKind.Server);
        var texts = Snapshot().SelectMany(Texts).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(server.ParentSpanId, Is.EqualTo(create.SpanId), "the server span continues the caller's trace");
            Assert.That(createTrace.Where(IsRedis).Select(s => s.ParentSpanId), Is.Not.Empty.And.All.EqualTo(server.SpanId));
            Assert.That(issueTrace.Where(IsRedis), Is.Not.Empty);
            foreach (var secret in new[] { AdminApiHost.Token, email, apiKey, ApiKeyFormat.PrefixOf(apiKey) })
            {
                Assert.That(texts, Has.None.Contains(secret), "a span's name, attribute, event or status must not hold a secret or an e-mail");
            }
        });
    }

    private static (ActivityTraceId TraceId, ActivitySpanId SpanId) NewCallerContext() =>
        (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

    private static bool IsRedis(Activity span) => span.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal);

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

    /// <summary>The spans of one trace once its server span and a Redis span have been exported.</summary>
    private async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var trace = Snapshot().Where(s => s.TraceId == traceId).ToList();
            if (trace.Any(s => s.Kind == ActivityKind.Server) && trace.Any(IsRedis))
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
