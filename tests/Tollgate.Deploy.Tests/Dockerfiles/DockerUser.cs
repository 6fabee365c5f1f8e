namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>Reads a USER instruction's <c>user[:group]</c>.</summary>
internal static class DockerUser
{
    /// <summary>Whether the container would run as root: no USER at all, or user root / UID 0.</summary>
    public static bool IsRoot(DockerInstruction? user)
    {
        var name = user?.Arguments.Split(':')[0].Trim();
        return string.IsNullOrEmpty(name) || name == "root" || name.All(c => c == '0');
    }
}
