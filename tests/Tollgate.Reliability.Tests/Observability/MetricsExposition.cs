using System.Text.RegularExpressions;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// A Prometheus text exposition (<c>/metrics</c>) as Prometheus stores it: each sample's series name (a histogram's
/// <c>_bucket</c>, <c>_sum</c>, <c>_count</c>, a counter's <c>_total</c>, as written) with the label names seen on it.
/// </summary>
public sealed partial class MetricsExposition
{
    private readonly Dictionary<string, HashSet<string>> _labels = new(StringComparer.Ordinal);

    private MetricsExposition()
    {
    }

    /// <summary>Every series name.</summary>
    public IReadOnlyCollection<string> Names => _labels.Keys;

    public static MetricsExposition Parse(string text)
    {
        var exposition = new MetricsExposition();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var nameEnd = line.IndexOfAny(['{', ' ']);
            var name = line[..nameEnd];
            if (!exposition._labels.TryGetValue(name, out var labels))
            {
                exposition._labels[name] = labels = new HashSet<string>(StringComparer.Ordinal);
            }
            if (line[nameEnd] == '{')
            {
                foreach (Match label in Label().Matches(line[nameEnd..]))
                {
                    labels.Add(label.Groups["name"].Value);
                }
            }
        }
        return exposition;
    }

    public bool Has(string name) => _labels.ContainsKey(name);

    /// <summary>Whether any series of <paramref name="name"/> carries <paramref name="label"/>.</summary>
    public bool HasLabel(string name, string label) => _labels.TryGetValue(name, out var labels) && labels.Contains(label);

    [GeneratedRegex(@"(?<name>\w+)=""(?:[^""\\]|\\.)*""")]
    private static partial Regex Label();
}
