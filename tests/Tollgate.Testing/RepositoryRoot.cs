namespace Tollgate.Testing;

/// <summary>
/// The checked-out repository, found by walking up from the test binaries to the folder holding <c>gateway.sln</c>:
/// tests read the committed files (deploy configs, rule files, appsettings) where they are, not copies.
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>Absolute path below the root, given in segments (each may hold forward slashes, e.g. <c>"deploy/redis.conf"</c>).</summary>
    public static string Combine(params string[] segments) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine([Path, .. segments]));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "gateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No gateway.sln above {AppContext.BaseDirectory}.");
    }
}
