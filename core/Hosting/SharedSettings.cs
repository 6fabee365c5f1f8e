using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Tollgate.Core.Hosting;

/// <summary>
/// Configuration layering both services share. The repository's root <c>appsettings.json</c> (Redis,
/// tier catalogue) is copied by the build beside each service's binaries as <c>appsettings.shared.json</c>
/// and goes below the service's own files, environment variables and the command line.
/// </summary>
public static class SharedSettings
{
    /// <summary>File name of the shared settings beside the binaries.</summary>
    public const string FileName = "appsettings.shared.json";

    /// <summary>
    /// Adds the shared file just before the service's own <c>appsettings.json</c>, then re-adds the
    /// <c>ASPNETCORE_</c> variables and the command line on top: the service's <c>Urls</c> default lives in
    /// its appsettings.json and would otherwise silently win over <c>ASPNETCORE_URLS</c>.
    /// </summary>
    public static IConfigurationManager AddTollgateSettings(this IConfigurationManager configuration, string[] args)
    {
        var directory = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(directory, FileName)))
        {
            throw new FileNotFoundException(
                $"{FileName} is missing from {directory}; the build copies the root appsettings.json there.");
        }

        var shared = new JsonConfigurationSource
        {
            Path = FileName,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(directory),
        };
        var sources = configuration.Sources;
        var index = 0;
        while (index < sources.Count && sources[index] is not JsonConfigurationSource)
        {
            index++;
        }
        sources.Insert(index == sources.Count ? 0 : index, shared);

        configuration.AddEnvironmentVariables(prefix: "ASPNETCORE_");
        configuration.AddCommandLine(args);
        return configuration;
    }
}
