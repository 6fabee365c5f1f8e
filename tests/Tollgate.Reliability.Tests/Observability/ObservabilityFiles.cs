using System.Text.Json;
using Tollgate.Reliability.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>deploy/observability as committed: the alert rules, the scrape configuration and the Grafana dashboard.</summary>
public static class ObservabilityFiles
{
    public static string Rules => RepositoryRoot.Combine("deploy", "observability", "prometheus", "tollgate-alerts.yml");

    public static string PrometheusConfig => RepositoryRoot.Combine("deploy", "observability", "prometheus", "prometheus.yml");

    public static string Dashboard => RepositoryRoot.Combine("deploy", "observability", "grafana", "dashboards", "tollgate.json");

    /// <summary>Each alert rule's name and expression.</summary>
    public static IReadOnlyList<(string Alert, string Expression)> AlertRules()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Rules)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return
        [
            .. from grp in ((YamlSequenceNode)root["groups"]).Children.Cast<YamlMappingNode>()
               from rule in ((YamlSequenceNode)grp["rules"]).Children.Cast<YamlMappingNode>()
               select (((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!),
        ];
    }

    /// <summary>Every query of the dashboard: each panel target's <c>expr</c> and each variable's query, with where it is.</summary>
    public static IReadOnlyList<(string Where, string Expression)> DashboardQueries()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var root = document.RootElement;
        var queries = new List<(string, string)>();
        foreach (var panel in Panels(root.GetProperty("panels")))
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray().Where(t => t.TryGetProperty("expr", out _)))
                {
                    queries.Add(($"panel \"{panel.GetProperty("title").GetString()}\"", target.GetProperty("expr").GetString()!));
                }
            }
        }
        foreach (var variable in root.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var query = variable.GetProperty("query");
            var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
            queries.Add(($"variable ${variable.GetProperty("name").GetString()}", text));
        }
        return queries;
    }

    // Rows may hold their panels (collapsed) or leave them at the top level.
    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var inner))
            {
                foreach (var nested in Panels(inner))
                {
                    yield return nested;
                }
            }
        }
    }
}
