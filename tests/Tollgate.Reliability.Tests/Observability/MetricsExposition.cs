using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// A Prometheus text exposition (<c>/metrics</c>) as Prometheus stores it: each sample's series name (a histogram's
/// <c>_bucket</c>, <c>_sum</c>, <c>_count</c>, a counter's <c>_total</c>, as written), its labels and its value.
/// </summary>
public sealed partial class MetricsExposition
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private MetricsExposition()
    {
    }

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
            var labelsEnd = line[nameEnd] == '{' ? line.LastIndexOf('}') + 1 : nameEnd;
            var labels = Label().Matches(line[nameEnd..labelsEnd])
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            var value = line[labelsEnd..].Trim().Split(' ')[0];
            exposition._samples.Add((line[..nameEnd], labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }
        return exposition;
    }

    public bool Has(string name) => _samples.Any(s => s.Name == name);

    /// <summary>Whether any series of <paramref name="name"/> carries <paramref name="label"/>.</summary>
    public bool HasLabel(string name, string label) => _samples.Any(s => s.Name == name && s.Labels.ContainsKey(label));

    /// <summary>The value of the one series of <paramref name="name"/> with the given labels (others ignored), or null.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value))
            .Select(s => (double?)s.Value)
            .SingleOrDefault();

    [GeneratedRegex(@"(?<name>\w+)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
