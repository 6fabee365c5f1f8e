using System.Xml.Linq;

namespace Tollgate.Deploy.Tests.Infrastructure;

/// <summary>The facts of a service's project file that its image depends on.</summary>
/// <param name="AssemblyName">Name of the published entry assembly, without <c>.dll</c>.</param>
/// <param name="IsTollgateService">
/// Whether the build gives it the root appsettings.json as appsettings.shared.json (Directory.Build.targets),
/// and with it Tollgate.Core's options.
/// </param>
internal sealed record ServiceProject(string AssemblyName, bool IsTollgateService)
{
    public static ServiceProject Load(string relativePath)
    {
        var project = XDocument.Load(RepositoryRoot.Combine(relativePath));
        var properties = project.Root!.Elements("PropertyGroup").Elements().ToList();
        string? Property(string name) => properties.LastOrDefault(p => p.Name.LocalName == name)?.Value.Trim();

        return new ServiceProject(
            Property("AssemblyName") ?? Path.GetFileNameWithoutExtension(relativePath),
            string.Equals(Property("TollgateService"), "true", StringComparison.OrdinalIgnoreCase));
    }
}
