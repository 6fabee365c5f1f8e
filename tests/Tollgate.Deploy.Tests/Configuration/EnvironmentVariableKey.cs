namespace Tollgate.Deploy.Tests.Configuration;

/// <summary>Which configuration key an environment variable sets in an ASP.NET Core service.</summary>
internal static class EnvironmentVariableKey
{
    // WebApplication.CreateBuilder reads these prefixed variables as host settings with the prefix removed
    // (ASPNETCORE_URLS is the key URLS); unprefixed variables are app configuration as they are.
    private static readonly string[] HostPrefixes = ["ASPNETCORE_", "DOTNET_"];

    /// <summary><c>A__B__C</c> is <c>A:B:C</c>; <c>ASPNETCORE_URLS</c> is <c>URLS</c>.</summary>
    public static string ToConfigurationKey(string variable)
    {
        foreach (var prefix in HostPrefixes)
        {
            if (variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                variable = variable[prefix.Length..];
                break;
            }
        }

        return variable.Replace("__", ":", StringComparison.Ordinal);
    }
}
