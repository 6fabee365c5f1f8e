namespace Tollgate.Deploy.Tests.Compose;

/// <summary>A mount in compose's short syntax, <c>source:target[:mode]</c>, whose source is a path of the host.</summary>
/// <param name="Source">Host path as written, relative to the compose file's folder (<c>./deploy/…</c>).</param>
/// <param name="Target">Path inside the container.</param>
/// <param name="ReadOnly">Mounted with <c>:ro</c>.</param>
internal sealed record BindMount(string Source, string Target, bool ReadOnly)
{
    /// <summary>Parses one entry; null for a named volume (<c>redis-data:/data</c>) or a form the checks do not read.</summary>
    public static BindMount? Parse(string entry)
    {
        var parts = entry.Split(':');
        if (parts.Length is < 2 or > 3 || !(parts[0].StartsWith("./", StringComparison.Ordinal) || parts[0].StartsWith('/')))
        {
            return null;
        }
        return new BindMount(parts[0], parts[1], parts.Length == 3 && parts[2].Split(',').Contains("ro"));
    }
}
