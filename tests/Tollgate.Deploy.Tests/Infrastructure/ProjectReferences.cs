using System.Xml.Linq;

namespace Tollgate.Deploy.Tests.Infrastructure;

/// <summary>The projects a project builds from: itself and every project it references, directly or not.</summary>
internal static class ProjectReferences
{
    /// <summary>Repository-relative project file paths with '/' separators, e.g. <c>core/Tollgate.Core.csproj</c>.</summary>
    public static IReadOnlySet<string> Closure(string relativeProjectPath)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Normalize(relativeProjectPath)]);
        while (pending.TryPop(out var project))
        {
            if (!found.Add(project))
            {
                continue;
            }
            var directory = Path.GetDirectoryName(project) ?? "";
            foreach (var reference in XDocument.Load(RepositoryRoot.Combine(project)).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Normalize(Path.GetRelativePath(RepositoryRoot.Combine("."), Path.GetFullPath(Path.Combine(RepositoryRoot.Combine(directory), include)))));
            }
        }
        return found;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');
}
