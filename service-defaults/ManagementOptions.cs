namespace Tollgate.ServiceDefaults;

/// <summary>The management listener (<c>Management</c> section): where <c>/metrics</c> is served, apart from the public API.</summary>
public sealed class ManagementOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Management";

    /// <summary>
    /// URLs of the management listener, <c>;</c>-separated like ASP.NET Core's <c>Urls</c>, each with a fixed port
    /// that no public URL uses: requests are told apart by the port they arrive on, so <c>/metrics</c> answers only
    /// there and everything but <c>/metrics</c> and <c>/health/*</c> answers 404 there. Default (the services'
    /// appsettings.json) loopback only: <c>http://127.0.0.1:8100</c> for the gateway, <c>http://127.0.0.1:8101</c>
    /// for the admin API, i.e. the service's port plus 100. A container that is scraped from outside sets
    /// <c>http://0.0.0.0:8100</c> (env <c>Management__Urls</c>) and publishes that port on a private address only.
    /// </summary>
    public string? Urls { get; set; }
}
