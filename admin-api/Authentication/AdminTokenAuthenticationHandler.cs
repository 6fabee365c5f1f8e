using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Tollgate.AdminApi.Problems;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against <see cref="AdminTokens"/>, carrying the token's id and role as claims. A refusal is a
/// 401 problem with <c>WWW-Authenticate: Bearer</c>. Logs name the token id at most, never a presented value.
/// </summary>
internal sealed partial class AdminTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdminTokens tokens,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not a Bearer credential."));
        }

        var caller = tokens.Identify(header[BearerPrefix.Length..].Trim());
        if (caller is null)
        {
            Log.TokenRefused(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "-");
            return Task.FromResult(AuthenticateResult.Fail("The admin token is not valid."));
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(AdminAuthentication.TokenIdClaim, caller.TokenId),
                new Claim(AdminAuthentication.RoleClaim, AdminRoles.Name(caller.Role)),
            ],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var (kind, detail) = result.Failure is { } failure
            ? (ProblemCatalog.AdminTokenInvalid, failure.Message + " Send Authorization: Bearer <admin token>.")
            : tokens.IsEmpty
                ? (ProblemCatalog.AdminTokenMissing, "No admin token is configured, so every request is refused; set Admin__Tokens__0.")
                : (ProblemCatalog.AdminTokenMissing, "Send Authorization: Bearer <admin token>.");

        Response.StatusCode = kind.Status;
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title, Detail = detail },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Admin request with an invalid token refused (client {RemoteAddress}).")]
        public static partial void TokenRefused(ILogger logger, string remoteAddress);
    }
}
