using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// Has the server listen on the management URLs beside the public ones. The web host fills the server's address
/// list from <c>Urls</c> only while it is empty, so both sets are added here before the host starts, in the form
/// Kestrel parses either way; a host with no address list (the ASP.NET test server) has nothing to bind.
/// </summary>
internal static partial class ManagementListener
{
    public static void Bind(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.IsReadOnly)
        {
            return;
        }
        var management = ListenAddresses.Split(app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Urls);
        var publicUrls = ListenAddresses.Public(app.Configuration);
        if (addresses.Count > 0 || publicUrls.Count == 0)
        {
            // Addresses set in code, or none configured (Kestrel's own default): adding ours would replace theirs.
            Log.NotBound(app.Logger, string.Join(';', management));
            return;
        }
        foreach (var url in publicUrls.Concat(management))
        {
            addresses.Add(url);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The management URLs {Urls} are not bound: the server's addresses are set in code or not at all. /metrics is not served.")]
        public static partial void NotBound(ILogger logger, string urls);
    }
}
