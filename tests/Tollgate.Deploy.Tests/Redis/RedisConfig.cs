namespace Tollgate.Deploy.Tests.Redis;

/// <summary>
/// The effective settings of a redis.conf plus <c>--name value</c> command-line overrides, which Redis
/// applies after the file, so the last word on a directive wins as in Redis itself. Directives Redis accumulates
/// (<c>user</c>) are kept in full: <see cref="All"/>.
/// </summary>
internal sealed class RedisConfig
{
    private readonly Dictionary<string, List<string>> _directives = new(StringComparer.OrdinalIgnoreCase);

    public static RedisConfig Parse(string text, IEnumerable<string>? commandLine = null)
    {
        var config = new RedisConfig();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            config.Add(parts[0], parts.Length > 1 ? parts[1].Trim() : "");
        }

        // Each --name starts a directive whose arguments run until the next --name.
        string? name = null;
        foreach (var argument in commandLine ?? [])
        {
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                name = argument[2..];
                config.Add(name, "");
            }
            else if (name is not null)
            {
                var values = config._directives[name];
                values[^1] = $"{values[^1]} {argument}".Trim();
            }
        }

        return config;
    }

    /// <summary>A directive's last arguments as written (quotes kept), or null when it is not set.</summary>
    public string? this[string directive] => _directives.GetValueOrDefault(directive)?[^1];

    /// <summary>Every occurrence of a directive's arguments, in order; empty when it is not set.</summary>
    public IReadOnlyList<string> All(string directive) => _directives.GetValueOrDefault(directive) ?? [];

    private void Add(string directive, string arguments)
    {
        if (!_directives.TryGetValue(directive, out var values))
        {
            _directives[directive] = values = [];
        }
        values.Add(arguments);
    }
}
