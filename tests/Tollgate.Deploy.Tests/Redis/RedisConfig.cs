namespace Tollgate.Deploy.Tests.Redis;

/// <summary>
/// The effective settings of a redis.conf plus <c>--name value</c> command-line overrides, which Redis
/// applies after the file, so the last word on a directive wins as in Redis itself.
/// </summary>
internal sealed class RedisConfig
{
    private readonly Dictionary<string, string> _directives = new(StringComparer.OrdinalIgnoreCase);

    public static RedisConfig Parse(string text, IEnumerable<string>? commandLine = null)
    {
        var config = new RedisConfig();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            config._directives[parts[0]] = parts.Length > 1 ? parts[1].Trim() : "";
        }

        // Each --name starts a directive whose arguments run until the next --name.
        string? name = null;
        foreach (var argument in commandLine ?? [])
        {
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                name = argument[2..];
                config._directives[name] = "";
            }
            else if (name is not null)
            {
                config._directives[name] = $"{config._directives[name]} {argument}".Trim();
            }
        }

        return config;
    }

    /// <summary>A directive's arguments as written (quotes kept), or null when it is not set.</summary>
    public string? this[string directive] => _directives.GetValueOrDefault(directive);
}
