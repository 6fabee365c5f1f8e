using Microsoft.Extensions.Options;

namespace Tollgate.ConsumerSide.Dashboard;

/// <summary>Refuses to start with a dashboard setting that cannot work, naming the setting.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (options.SessionHours is < 1 or > 24 * 30)
        {
            failures.Add("Dashboard:SessionHours must be between 1 and 720.");
        }
        if (options.SignInFailureLimit < 1)
        {
            failures.Add("Dashboard:SignInFailureLimit must be positive.");
        }
        if (options.SignInFailureWindowMinutes is < 1 or > 24 * 60)
        {
            failures.Add("Dashboard:SignInFailureWindowMinutes must be between 1 and 1440.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
