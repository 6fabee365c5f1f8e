using System.Net;
using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Forwarding;

/// <summary>Refuses to start with a trusted proxy that is neither an address nor a CIDR network, naming the entry.</summary>
internal sealed class ClientAddressOptionsValidator : IValidateOptions<ClientAddressOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientAddressOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            var entry = options.TrustedProxies[i];
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
            {
                failures.Add($"Gateway:TrustedProxies:{i} ('{entry}') is neither an IP address nor a CIDR network.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
