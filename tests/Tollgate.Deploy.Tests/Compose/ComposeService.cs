namespace Tollgate.Deploy.Tests.Compose;

/// <summary>The parts of one docker-compose.yml service the deployment checks read.</summary>
/// <param name="Name">Service name, also its host name on the compose network.</param>
/// <param name="Image">Image to run, when not built.</param>
/// <param name="Build">How it is built, when it is.</param>
/// <param name="Command">Command, one item per argument.</param>
/// <param name="Environment">Environment variables, whichever YAML form they were written in.</param>
/// <param name="Ports">Published ports in compose's short syntax.</param>
/// <param name="Volumes">Mounts in compose's short syntax.</param>
/// <param name="DependsOn">Services started first, each with the condition awaited.</param>
/// <param name="Healthcheck">The health check test command, or null when the compose file declares none.</param>
/// <param name="Restart">Restart policy.</param>
/// <param name="Networks">Networks it joins; <c>default</c> when the file names none, as compose does.</param>
/// <param name="Profiles">Profiles it belongs to; empty for a service every <c>docker compose up</c> starts.</param>
internal sealed record ComposeService(
    string Name,
    string? Image,
    ComposeBuild? Build,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string>? Healthcheck,
    string? Restart,
    IReadOnlyList<string> Networks,
    IReadOnlyList<string> Profiles);
