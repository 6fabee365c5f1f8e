namespace Tollgate.Deploy.Tests.Compose;

/// <summary>A service's <c>build</c>: the context folder and the Dockerfile, relative to the compose file.</summary>
internal sealed record ComposeBuild(string Context, string Dockerfile)
{
    /// <summary>The Dockerfile's path relative to the compose file's folder, as compose resolves it.</summary>
    public string DockerfilePath => Path.Combine(Context, Dockerfile);
}
