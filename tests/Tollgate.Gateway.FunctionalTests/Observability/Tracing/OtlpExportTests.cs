using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Observability.Tracing;

/// <summary>
/// Export as deployed: the gateway configured only with the standard <c>OTEL_*</c> settings sends its spans
/// over OTLP/HTTP to a collector (here a local receiver), and without an endpoint has no tracer at all.
/// </summary>
[NonParallelizable] // sets process environment variables while its gateways are built
public sealed class OtlpExportTests
{
    private const string ServiceName = "tollgate-gateway-under-test";

    private UpstreamHost _upstream = null!;
    private OtlpReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = new UpstreamHost();
        _receiver = await OtlpReceiver.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _receiver.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public async Task WithAnOtlpEndpoint_ARequestsSpansReachTheCollector_AsProtobufNamingTheServiceAndTrace()
    {
        await using var gateway = StartGateway(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = ServiceName,
        });
        var consumer = await gateway.CreateConsumerAsync("free");
        using var client = gateway.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = consumer.Get("/api/v3/weather/echo-headers");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);
        // The batch processor would send within 5 s anyway; flushing makes the test not wait for it.
        gateway.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var exports = await WaitForExportsAsync(TimeSpan.FromSeconds(15));
        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(exports.Select(e => e.ContentType), Has.All.EqualTo("application/x-protobuf"));
            Assert.That(exports.Select(e => e.Body.Length), Has.All.GreaterThan(0));
            Assert.That(exports, Has.Some.Matches<(string? ContentType, byte[] Body)>(e => Contains(e.Body, Encoding.UTF8.GetBytes(ServiceName))),
                "OTEL_SERVICE_NAME is the exported resource's service.name");
            Assert.That(exports, Has.Some.Matches<(string? ContentType, byte[] Body)>(e => Contains(e.Body, traceIdBytes)),
                "the client's trace id is exported");
        });
    }

    [Test]
    public async Task WithoutAnOtlpEndpoint_NoTracerRuns_YetRequestsWorkAndTheTraceContextReachesTheUpstream()
    {
        var accessLog = new AccessLogLines();
        await using var gateway = StartGateway(new Dictionary<string, string?>
        {
            // The related settings alone, as a half-configured deployment might have them, do not turn tracing on.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = ServiceName,
        }, accessLog);
        var consumer = await gateway.CreateConsumerAsync("free");
        using var client = gateway.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = consumer.Get("/api/v3/weather/echo-headers");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(gateway.Services.GetService<TracerProvider>(), Is.Null, "no tracer provider, so no sampling and no exporter");
            Assert.That(echoed.Headers["traceparent"], Does.StartWith($"00-{traceId}-"), "the client's trace goes on upstream");
            // The other test's gateway may still be flushing its own spans here, so the check is for this trace.
            Assert.That(_receiver.Exports, Has.None.Matches<(string? ContentType, byte[] Body)>(e => Contains(e.Body, Convert.FromHexString(traceId.ToHexString()))),
                "nothing of this request is exported");
            Assert.That(accessLog.Lines, Has.Some.Contains($"trace_id={traceId}"), "the access log names the client's trace");
        });
    }

    /// <summary>A gateway built and started with <paramref name="environment"/> as its process environment.</summary>
    private GatewayHost StartGateway(IReadOnlyDictionary<string, string?> environment, AccessLogLines? accessLog = null)
    {
        using var variables = new ProcessEnvironment(environment);
        var gateway = new GatewayHost(_upstream.Address, configureServices: services =>
        {
            if (accessLog is not null)
            {
                services.AddSingleton<ILoggerProvider>(accessLog);
            }
        });
        _ = gateway.Services; // builds and starts the host while the variables are set
        return gateway;
    }

    private async Task<IReadOnlyList<(string? ContentType, byte[] Body)>> WaitForExportsAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (_receiver.Exports.Count == 0 && watch.Elapsed < timeout)
        {
            await Task.Delay(50);
        }
        return [.. _receiver.Exports];
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
