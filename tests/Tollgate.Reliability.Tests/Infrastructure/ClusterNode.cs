using System.Globalization;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>One line of <c>CLUSTER NODES</c>: a node's id, port, role, health and hash slots.</summary>
public sealed record ClusterNode(string Id, int Port, bool IsPrimary, bool Failed, string? PrimaryId, IReadOnlyList<(int From, int To)> Slots)
{
    /// <summary>Parses <c>&lt;id&gt; &lt;ip:port@bus&gt; &lt;flags&gt; &lt;primary&gt; &lt;ping&gt; &lt;pong&gt; &lt;epoch&gt; &lt;link&gt; &lt;slot&gt;…</c>.</summary>
    public static ClusterNode Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var address = fields[1].Split('@')[0];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var flags = fields[2].Split(',');
        var slots = new List<(int, int)>();
        // Slots being migrated ("[5-<-id]") are not served by this node yet.
        foreach (var range in fields.Skip(8).Where(f => !f.StartsWith('[')))
        {
            var bounds = range.Split('-');
            slots.Add((int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture)));
        }
        return new ClusterNode(fields[0], port, flags.Contains("master"), flags.Contains("fail") || flags.Contains("fail?"),
            fields[3] == "-" ? null : fields[3], slots);
    }
}
