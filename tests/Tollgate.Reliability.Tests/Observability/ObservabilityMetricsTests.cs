using System.Net;
using Tollgate.Reliability.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// Every metric and label the alert rules and the Grafana dashboard of deploy/observability name is on a live
/// gateway's <c>/metrics</c>, after the traffic that makes each appear (admitted and refused requests, a window
/// past 80%, a Redis outage): a misspelt or renamed metric would otherwise leave an alert that never fires and a
/// panel that stays empty, with no error anywhere.
/// </summary>
[NonParallelizable]
public sealed class ObservabilityMetricsTests
{
    private const string Weather = "/api/v3/weather/current?city=Bergen";

    // Series Prometheus makes itself rather than scrapes.
    private static readonly HashSet<string> MadeByPrometheus = new(StringComparer.Ordinal) { "up", "ALERTS", "ALERTS_FOR_STATE" };

    private static readonly string[] RedisMetrics = ["tollgate_limiter_fallbacks_total", "tollgate_redis_breaker_open"];

    // The panels issue 16 asks for: traffic, latency, limiter latency, key-cache hit rate, Redis fallbacks, near-limit crossings.
    private static readonly string[] PanelMetrics =
    [
        "tollgate_gateway_requests_total", "http_server_request_duration_seconds_bucket", "tollgate_limiter_script_duration_seconds_bucket",
        "tollgate_gateway_key_cache_lookups_total", "tollgate_limiter_fallbacks_total", "tollgate_gateway_near_limit_total",
    ];

    private UpstreamHost _upstream = null!;
    private MetricsExposition _metrics = null!;

    [OneTimeSetUp]
    public async Task DriveTrafficAndScrapeAsync()
    {
        _upstream = new UpstreamHost();
        await using var gateway = await LiveGateway.StartAsync(_upstream.Address);
        using var client = gateway.Host.CreateClient();
        var consumer = await gateway.Host.CreateConsumerAsync("free");

        // Free: 60 an hour; the 48th request crosses 80% of the hourly window.
        for (var i = 0; i < 50; i++)
        {
            using var response = await client.SendAsync(consumer.Get(Weather));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i + 1}");
        }
        using (var anonymous = await client.GetAsync(new Uri(Weather, UriKind.Relative)))
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        // Redis down: the key is served stale from the cache and the limiter falls back to its local windows.
        await gateway.Redis.KillAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.SendAsync(consumer.Get(Weather));
            }
        }
        finally
        {
            await gateway.Redis.StartAsync();
        }

        _metrics = await gateway.MetricsAsync();
    }

    [OneTimeTearDown]
    public async Task StopUpstreamAsync() => await _upstream.DisposeAsync();

    [Test]
    public void AlertRules_EveryMetricTheyName_IsOnALiveGatewaysMetrics()
    {
        var rules = ObservabilityFiles.AlertRules();
        var named = rules.SelectMany(rule => PromQl.MetricNames(rule.Expression).Select(metric => (rule.Alert, metric))).ToList();

        Assert.That(named.Select(n => n.metric), Is.SupersetOf(RedisMetrics),
            "the rules were read");
        Assert.That(Missing(named), Is.Empty);
    }

    [Test]
    public void Dashboard_EveryMetricItsQueriesName_IsOnALiveGatewaysMetrics()
    {
        var named = ObservabilityFiles.DashboardQueries()
            .SelectMany(query => PromQl.MetricNames(query.Expression).Select(metric => (query.Where, metric))).ToList();

        Assert.That(named.Select(n => n.metric), Is.SupersetOf(PanelMetrics), "the panels of the issue are there");
        Assert.That(Missing(named), Is.Empty);
    }

    [Test]
    public void AlertRulesAndDashboard_EveryLabelTheyMatchOrGroupBy_IsOnTheirMetrics()
    {
        var expressions = ObservabilityFiles.AlertRules().Select(rule => (Where: rule.Alert, rule.Expression))
            .Concat(ObservabilityFiles.DashboardQueries());
        var problems = new List<string>();
        foreach (var (where, expression) in expressions)
        {
            problems.AddRange(
                from pair in PromQl.MatchedLabels(expression)
                where !MadeByPrometheus.Contains(pair.Metric) && !_metrics.HasLabel(pair.Metric, pair.Label)
                select $"{where}: {pair.Metric} has no label {pair.Label}");
            var metrics = PromQl.MetricNames(expression).Where(_metrics.Has).ToList();
            problems.AddRange(
                from label in PromQl.GroupingLabels(expression)
                where !metrics.Any(metric => _metrics.HasLabel(metric, label))
                select $"{where}: groups by {label}, which none of {string.Join(", ", metrics)} has");
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void PromQl_MetricNames_AreTheSelectorsNotFunctionsLabelsRangesOrVariables()
    {
        const string expression = """
            histogram_quantile(0.99, sum by (job, le) (rate(a_seconds_bucket{route=~"$route", le!="1e3"}[5m])))
            > 1e3 and on (instance) max by (instance) (b_open) == 1 unless ignoring(policy) c_total offset 5m
            """;

        Assert.Multiple(() =>
        {
            Assert.That(PromQl.MetricNames(expression), Is.EquivalentTo(new[] { "a_seconds_bucket", "b_open", "c_total" }));
            Assert.That(PromQl.MatchedLabels(expression), Is.EquivalentTo(new[] { ("a_seconds_bucket", "route") }));
            Assert.That(PromQl.GroupingLabels(expression), Is.EquivalentTo(new[] { "policy" }));
            Assert.That(PromQl.MetricNames("label_values(d_total{tier!=\"-\"}, route)"), Is.EquivalentTo(new[] { "d_total" }));
        });
    }

    private List<string> Missing(IEnumerable<(string Where, string Metric)> named) =>
    [
        .. named.Where(n => !MadeByPrometheus.Contains(n.Metric) && !_metrics.Has(n.Metric))
            .Select(n => $"{n.Where}: {n.Metric} is not on /metrics")
            .Distinct(),
    ];
}
