namespace Tollgate.Deploy.Tests.Infrastructure;

/// <summary>
/// One .NET service of docker-compose.yml, with what SPEC.md and the repository say it must be deployed with.
/// </summary>
/// <param name="Name">Service name in docker-compose.yml, which is also its host name on the compose network.</param>
/// <param name="Port">Port of SPEC.md's process table, inside the container and published on the host.</param>
/// <param name="ProjectFile">Project file, relative to the repository root.</param>
/// <param name="Dockerfile">Dockerfile, relative to the repository root.</param>
/// <param name="HealthPath">Liveness endpoint the container health check calls.</param>
/// <param name="OptionKeys">
/// Configuration keys the service binds that have no default in any appsettings file and whose options type
/// the tests cannot reflect over (a service's own internal options); list indexes as <c>0</c>.
/// </param>
/// <param name="SecretVariables">Environment variables the compose file must fill from the operator's environment.</param>
/// <param name="ManagementPort">Port of the management listener (<c>/metrics</c>), published on loopback; null for a service without one.</param>
internal sealed record AppService(
    string Name,
    int Port,
    string ProjectFile,
    string Dockerfile,
    string HealthPath,
    IReadOnlyList<string> OptionKeys,
    IReadOnlyList<string> SecretVariables,
    int? ManagementPort = null)
{
    /// <summary>The project's folder, relative to the repository root.</summary>
    public string ProjectDirectory => Path.GetDirectoryName(ProjectFile)!.Replace('\\', '/');

    /// <summary>Test names show the service, not the whole record.</summary>
    public override string ToString() => Name;
}
