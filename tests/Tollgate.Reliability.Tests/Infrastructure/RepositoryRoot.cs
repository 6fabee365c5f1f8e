namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>The source tree the tests run from (the folder holding <c>gateway.sln</c>).</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path below the root, given in segments.</summary>
    public static string Combine(params string[] segments) => System.IO.Path.Combine([Path, .. segments]);

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
