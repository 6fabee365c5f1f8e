namespace Tollgate.ConsumerSide.Dashboard;

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

    /// <summary>The absolute session lifetime.</summary>
    public TimeSpan SessionLifetime => TimeSpan.FromHours(SessionHours);

    /// <summary>The sign-in throttle window.</summary>
    public TimeSpan SignInFailureWindow => TimeSpan.FromMinutes(SignInFailureWindowMinutes);
}
