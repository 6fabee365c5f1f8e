using System.Text.RegularExpressions;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// What a PromQL expression reads from <c>/metrics</c>: the metric names it selects, the label names its
/// selectors match on, and the label names it groups by. A lexical reading, enough for the expressions of
/// deploy/observability (Grafana's <c>$variables</c> and <c>label_values(…)</c> included), not a parser.
/// </summary>
public static partial class PromQl
{
    // Labels Prometheus itself adds to every scraped series (job, instance) or that histograms carry (le).
    private static readonly HashSet<string> AddedLabels = new(StringComparer.Ordinal) { "job", "instance", "le", "__name__" };

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    /// <summary>Metric names the expression selects.</summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = Normalize(expression);
        text = Selector().Replace(text, match => match.Groups["name"].Value + " ");
        text = Range().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !Keywords.Contains(m.Value))
            .Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Each metric name with the label names its selectors match on (<c>name{label="…"}</c>).</summary>
    public static IEnumerable<(string Metric, string Label)> MatchedLabels(string expression) =>
        from match in Selector().Matches(Normalize(expression))
        where match.Groups["name"].Success && match.Groups["name"].Value.Length > 0
        from matcher in Matcher().Matches(match.Groups["matchers"].Value)
        where !AddedLabels.Contains(matcher.Groups["label"].Value)
        select (match.Groups["name"].Value, matcher.Groups["label"].Value);

    /// <summary>Label names of <c>by (…)</c>, <c>on (…)</c> and the like, except the ones Prometheus adds.</summary>
    public static IReadOnlySet<string> GroupingLabels(string expression) =>
        Grouping().Matches(Normalize(expression))
            .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(label => !AddedLabels.Contains(label))
            .ToHashSet(StringComparer.Ordinal);

    // Grafana's label_values(selector, label) reads the selector; $variables become plain text no identifier matches.
    private static string Normalize(string expression)
    {
        var text = LabelValues().Replace(expression, match => match.Groups["selector"].Value);
        return GrafanaVariable().Replace(text, "\"var\"");
    }

    [GeneratedRegex(@"label_values\(\s*(?<selector>.+)\s*,\s*\w+\s*\)", RegexOptions.Singleline)]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"(?<name>(?<![\w:.])[a-zA-Z_:][\w:]*)?\s*\{(?<matchers>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>\w+)\s*(=~|!~|!=|=)\s*""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();

    // An identifier not called as a function and not part of a number (1e3) or a name already read.
    [GeneratedRegex(@"(?<![\w:.""])[a-zA-Z_:][\w:]*(?!\s*\()(?![\w:])")]
    private static partial Regex Identifier();
}
