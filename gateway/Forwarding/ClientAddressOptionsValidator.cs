using Microsoft.Extensions.Options;
using Tollgate.ServiceDefaults.Forwarding;

namespace Tollgate.Gateway.Forwarding;

/// <summary>Refuses to start with a trusted proxy that is neither an address nor a CIDR network, naming the entry.</summary>
internal sealed class ClientAddressOptionsValidator : IValidateOptions<ClientAddressOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientAddressOptions options)
    {
        var failures = TrustedProxies.Problems("Gateway:TrustedProxies", options.TrustedProxies).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
