using System.Text.RegularExpressions;
using Tollgate.Deploy.Tests.Configuration;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>
/// Rules for one compose service, each returning what breaks it (empty when it holds), so a test shows
/// every offence at once and the rules themselves can be tested on small inline files.
/// </summary>
internal static partial class ComposeChecks
{
    /// <summary>Variables that set no configuration key the service reads: a typo there is silently ignored.</summary>
    public static IEnumerable<string> UnknownConfigurationKeys(ComposeService service, KnownConfigurationKeys known) =>
        from variable in service.Environment.Keys
        let key = EnvironmentVariableKey.ToConfigurationKey(variable)
        where !known.Contains(key)
        select $"{service.Name}: {variable} sets {key}, which the service does not read";

    /// <summary>
    /// Secret-looking variables whose value is not a required reference to the operator's environment
    /// (<c>${NAME:?message}</c>): a literal would be committed, and a <c>:-default</c> would be a committed
    /// secret in disguise. Connection strings may not carry a literal password either.
    /// </summary>
    public static IEnumerable<string> SecretLiterals(ComposeService service)
    {
        foreach (var (name, value) in service.Environment)
        {
            if (SecretName().IsMatch(name) && !RequiredReference().IsMatch(value))
            {
                yield return $"{service.Name}: {name} must be ${{VARIABLE:?message}}, not a value written in the file";
            }
            else if (LiteralPassword().IsMatch(value))
            {
                yield return $"{service.Name}: {name} holds a literal password; use password=${{VARIABLE:?message}}";
            }
        }
    }

    /// <summary>Ports published beyond the host's loopback, or in a form that does not say where.</summary>
    public static IEnumerable<string> PortsBeyondLoopback(ComposeService service) =>
        from entry in service.Ports
        let port = PublishedPort.Parse(entry)
        where port is null || port.HostIp != "127.0.0.1"
        select $"{service.Name}: port \"{entry}\" must be published as 127.0.0.1:<host port>:<container port>";

    /// <summary>Dependencies not awaited until healthy although they report health, or awaited but unable to.</summary>
    public static IEnumerable<string> UnhealthyDependencies(ComposeService service, Func<string, bool> hasHealthcheck)
    {
        foreach (var (dependency, condition) in service.DependsOn)
        {
            var healthy = condition == "service_healthy";
            if (healthy && !hasHealthcheck(dependency))
            {
                yield return $"{service.Name}: waits for {dependency} to be healthy, but {dependency} has no health check";
            }
            else if (!healthy && hasHealthcheck(dependency))
            {
                yield return $"{service.Name}: should wait for {dependency} with condition: service_healthy, not {condition}";
            }
        }
    }

    [GeneratedRegex("secret|token|password|passwd|api_?key", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    // ${NAME?message} or ${NAME:?message}: compose refuses to start while NAME is unset (or empty, with the colon).
    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}$")]
    private static partial Regex RequiredReference();

    [GeneratedRegex(@"password=(?!\$\{)", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPassword();
}
