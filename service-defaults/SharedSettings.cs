using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// Configuration layering both services share. The repository's root <c>appsettings.json</c> (Redis, tier
/// catalogue) goes below the service's own files, environment variables and the command line. Run from the
/// source tree (the service's folder sits beside <c>gateway.sln</c>), that root file itself is read, so an
/// edit applies without a rebuild; deployed, the build's copy beside the binaries
/// (<c>appsettings.shared.json</c>) is read. Either way edits are picked up while running.
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
    public static IHostApplicationBuilder AddTollgateSettings(this IHostApplicationBuilder builder, string[] args)
    {
        var (directory, file) = Locate(builder.Environment.ContentRootPath);
        var shared = new JsonConfigurationSource
        {
            Path = file,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(directory),
        };
        var sources = builder.Configuration.Sources;
        var index = 0;
        while (index < sources.Count && sources[index] is not JsonConfigurationSource)
        {
            index++;
        }
        sources.Insert(index == sources.Count ? 0 : index, shared);

        builder.Configuration.AddEnvironmentVariables(prefix: "ASPNETCORE_");
        builder.Configuration.AddCommandLine(args);
        return builder;
    }

    /// <summary>The folder and name of the shared settings file to read.</summary>
    internal static (string Directory, string File) Locate(string contentRoot)
    {
        var sourceRoot = Directory.GetParent(Path.GetFullPath(contentRoot))?.FullName;
        if (sourceRoot is not null
            && File.Exists(Path.Combine(sourceRoot, "gateway.sln"))
            && File.Exists(Path.Combine(sourceRoot, "appsettings.json")))
        {
            return (sourceRoot, "appsettings.json");
        }
        var binaries = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(binaries, FileName)))
        {
            throw new FileNotFoundException(
                $"Shared settings not found: neither {sourceRoot}/appsettings.json beside gateway.sln nor {binaries}{FileName}.");
        }
        return (binaries, FileName);
    }
}
