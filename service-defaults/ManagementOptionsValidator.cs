using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// Refuses to start unless <c>Management:Urls</c> names at least one URL, each with a fixed port that no public URL
/// shares: a shared port would serve <c>/metrics</c> to the public, and port 0 could not be told apart.
/// </summary>
internal sealed class ManagementOptionsValidator(IConfiguration configuration) : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var urls = ListenAddresses.Split(options.Urls);
        if (urls.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "Management:Urls is empty: set where /metrics is served, e.g. http://127.0.0.1:8100 (env Management__Urls).");
        }

        var publicPorts = ListenAddresses.Public(configuration).Select(ListenAddresses.PortOf).ToHashSet();
        var failures = new List<string>();
        foreach (var url in urls)
        {
            var port = ListenAddresses.PortOf(url);
            if (port is null or 0)
            {
                failures.Add($"Management:Urls '{url}' needs a fixed TCP port (requests to /metrics are recognised by the port they arrive on).");
            }
            else if (publicPorts.Contains(port))
            {
                failures.Add($"Management:Urls '{url}' uses port {port}, which a public URL (Urls) also uses: /metrics would be public. Give it its own port.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
