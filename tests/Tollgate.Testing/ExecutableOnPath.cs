namespace Tollgate.Testing;

/// <summary>Finds a program on <c>PATH</c>, as a shell would.</summary>
public static class ExecutableOnPath
{
    /// <summary>The full path of <paramref name="name"/>, or null when no folder of <c>PATH</c> holds it.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
