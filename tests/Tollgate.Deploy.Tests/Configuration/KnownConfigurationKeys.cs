using Microsoft.Extensions.Configuration;
using Tollgate.Core.Keys;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Configuration;

/// <summary>
/// The configuration keys a service actually reads: every leaf of the appsettings files it loads, the
/// options it binds, and the host settings. A compose variable outside this set configures nothing, and
/// nothing reports it at run time, which is why it is checked here.
/// </summary>
internal sealed class KnownConfigurationKeys
{
    // Host settings every ASP.NET Core service reads (as ASPNETCORE_URLS, ASPNETCORE_ENVIRONMENT, …).
    private static readonly string[] HostKeys = ["URLS", "ENVIRONMENT", "HTTP_PORTS", "HTTPS_PORTS"];

    private readonly HashSet<string> _shapes;

    /// <summary>A set of the given keys (case-insensitive, as configuration keys are).</summary>
    public KnownConfigurationKeys(IEnumerable<string> keys) =>
        _shapes = new HashSet<string>(keys.Select(Shape), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the key is known; any list index matches any other, so Admin:Tokens:0 admits Admin:Tokens:1.</summary>
    public bool Contains(string key) => _shapes.Contains(Shape(key));

    /// <summary>The keys the service reads when deployed from this repository.</summary>
    public static KnownConfigurationKeys For(AppService service)
    {
        var project = ServiceProject.Load(service.ProjectFile);
        var keys = new List<string>(HostKeys);
        if (project.IsTollgateService)
        {
            keys.AddRange(JsonLeaves(RepositoryRoot.Combine("appsettings.json"), optional: false));
            keys.AddRange(OptionKeys.FromAssembly(typeof(KeyOptions).Assembly));
        }

        // Optional: a service may keep all its defaults in code.
        keys.AddRange(JsonLeaves(RepositoryRoot.Combine($"{service.ProjectDirectory}/appsettings.json"), optional: true));
        keys.AddRange(service.OptionKeys);
        return new KnownConfigurationKeys(keys);
    }

    private static List<string> JsonLeaves(string path, bool optional)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional).Build();
        return Leaves(configuration.GetChildren()).ToList();
    }

    private static IEnumerable<string> Leaves(IEnumerable<IConfigurationSection> sections)
    {
        foreach (var section in sections)
        {
            var children = section.GetChildren().ToList();
            if (children.Count == 0)
            {
                yield return section.Path;
            }
            else
            {
                foreach (var leaf in Leaves(children))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static string Shape(string key) =>
        string.Join(':', key.Split(':').Select(segment => segment.Length > 0 && segment.All(char.IsAsciiDigit) ? "#" : segment));
}
