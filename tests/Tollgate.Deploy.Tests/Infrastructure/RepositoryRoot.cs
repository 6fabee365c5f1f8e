namespace Tollgate.Deploy.Tests.Infrastructure;

/// <summary>
/// The checked-out repository, found by walking up from the test binaries to the folder holding
/// <c>gateway.sln</c>: the tests read the deployment files where they are committed, not copies.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>Absolute path of a file or folder given relative to the root with forward slashes.</summary>
    public static string Combine(string relativePath) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relativePath));

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
