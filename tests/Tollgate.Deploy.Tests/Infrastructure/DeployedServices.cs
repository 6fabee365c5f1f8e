namespace Tollgate.Deploy.Tests.Infrastructure;

/// <summary>What docker-compose.yml must run, with the ports of SPEC.md's process table.</summary>
internal static class DeployedServices
{
    public static readonly AppService Gateway = new(
        "gateway", 8000, "gateway/Tollgate.Gateway.csproj", "deploy/gateway.Dockerfile", "/health/live",
        // The consumer side's DashboardOptions are internal to it, so its keys are listed here rather than reflected.
        OptionKeys: ["Gateway:TrustedProxies:0", "Dashboard:SessionHours", "Dashboard:SignInFailureLimit", "Dashboard:SignInFailureWindowMinutes"],
        SecretVariables: ["Keys__HashSecret"],
        ManagementPort: 8100);

    public static readonly AppService AdminApi = new(
        "admin-api", 8001, "admin-api/Tollgate.AdminApi.csproj", "deploy/admin-api.Dockerfile", "/health/live",
        // AdminOptions are internal to the admin API, so their keys are listed here rather than reflected: a token is a
        // plain string (an admin token) or a Token with a Role.
        OptionKeys: ["Admin:Tokens:0", "Admin:Tokens:0:Token", "Admin:Tokens:0:Role"],
        SecretVariables: ["Keys__HashSecret", "Admin__Tokens__0"],
        ManagementPort: 8101);

    public static readonly AppService WeatherUpstream = new(
        "weather-upstream", 8002, "samples/weather-upstream/Tollgate.SampleWeather.csproj",
        "deploy/weather-upstream.Dockerfile", "/health",
        OptionKeys: [],
        SecretVariables: []);

    /// <summary>Every .NET service.</summary>
    public static readonly AppService[] All = [Gateway, AdminApi, WeatherUpstream];

    /// <summary>Their names: the test case source, since public tests cannot take the internal record.</summary>
    public static readonly string[] Names = [.. All.Select(service => service.Name)];

    public static AppService Named(string name) => All.Single(service => service.Name == name);

    /// <summary>Compose name (and host name) of Redis.</summary>
    public const string RedisName = "redis";

    /// <summary>Redis port of SPEC.md.</summary>
    public const int RedisPort = 6379;

    /// <summary>The ACL user the services sign in to Redis as.</summary>
    public const string RedisUser = "tollgate";

    /// <summary>The operator's environment variable holding that user's password.</summary>
    public const string RedisPasswordVariable = "TOLLGATE_REDIS_PASSWORD";
}
