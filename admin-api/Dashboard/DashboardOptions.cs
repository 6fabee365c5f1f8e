namespace Tollgate.AdminApi.Dashboard;

/// <summary>The developer dashboard's settings (<c>Dashboard</c> section).</summary>
internal sealed class DashboardOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>
    /// Absolute lifetime of a session, in hours: it ends then however active it was (the Redis entry expires).
    /// Default 24.
    /// </summary>
    public int SessionHours { get; set; } = 24;

    /// <summary>Failed sign-ins one client address may make per <see cref="SignInFailureWindowMinutes"/>; default 10.</summary>
    public int SignInFailureLimit { get; set; } = 10;

    /// <summary>Length of the sign-in throttle's fixed window, in minutes; default 15.</summary>
    public int SignInFailureWindowMinutes { get; set; } = 15;

    /// <summary>
    /// Proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the dashboard
    /// believes, besides loopback, which is always trusted (the gateway on the same host). Default none. Name the
    /// gateway here and nothing else: the gateway sets those headers itself from the client it found (believing only
    /// its own <c>Gateway:TrustedProxies</c>), replacing whatever the client sent, so the dashboard's allowed_ips check,
    /// sign-in throttling and Secure cookies see the real client and scheme. In a container network, give the gateway
    /// a fixed address and name that address (docker-compose.yml does).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The absolute session lifetime.</summary>
    public TimeSpan SessionLifetime => TimeSpan.FromHours(SessionHours);

    /// <summary>The sign-in throttle window.</summary>
    public TimeSpan SignInFailureWindow => TimeSpan.FromMinutes(SignInFailureWindowMinutes);
}
