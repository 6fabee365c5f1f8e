using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// Authenticates the dashboard's session cookie. On every request the session is read from Redis and the key
/// that opened it is read and judged again by <see cref="KeyAccess.CheckManageAccount"/>: once that key is revoked
/// (by an admin, a rotation, an account deletion or the dashboard itself) or has expired, or the account is gone,
/// the session is deleted and the request refused. So revocation needs no bookkeeping of which sessions a key
/// opened. A request from outside the key's allowed networks is refused too, but leaves the session alone: a
/// cookie carried elsewhere cannot end its owner's session. A refusal is a 401 problem that also
/// clears the cookie. Logs name the key id, never the session id.
/// </summary>
internal sealed partial class DashboardSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    DashboardSessionStore sessions,
    IAccountStore accounts,
    IApiKeyStore keys,
    KeyAccess access,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(DashboardAuthentication.SessionCookie, out var sessionId) || string.IsNullOrEmpty(sessionId))
        {
            return AuthenticateResult.NoResult();
        }
        var cancellationToken = Context.RequestAborted;
        var session = await sessions.GetAsync(sessionId, cancellationToken);
        if (session is null)
        {
            return AuthenticateResult.Fail("The session has ended (signed out or older than its lifetime); sign in again.");
        }

        var accountRead = accounts.GetAsync(session.AccountId, cancellationToken);
        var keyRead = keys.GetAsync(session.AccountId, session.KeyId, cancellationToken);
        await Task.WhenAll(accountRead, keyRead);
        var account = await accountRead;
        var key = await keyRead;
        var refusal = key is null ? KeyRefusal.Revoked
            : account is null ? KeyRefusal.None // answered below: the account was deleted
            : access.CheckManageAccount(key, account, Context.Connection.RemoteIpAddress);
        if (refusal == KeyRefusal.AddressNotAllowed)
        {
            Log.SessionRefusedFromAddress(Logger, session.KeyId, session.AccountId);
            return AuthenticateResult.Fail("The key this session was opened with may not be used from your network address.");
        }
        var why = account is null ? "the account was deleted"
            : refusal switch
            {
                KeyRefusal.None => null,
                KeyRefusal.Revoked => "the key that opened it was revoked",
                KeyRefusal.Expired => "the key that opened it has expired",
                KeyRefusal.Disabled => "the key that opened it is disabled while the plan allows fewer keys",
                _ => "the key that opened it may not manage the account",
            };
        if (why is not null)
        {
            await sessions.DeleteAsync(sessionId, cancellationToken);
            Log.SessionEnded(Logger, session.KeyId, session.AccountId, why);
            return AuthenticateResult.Fail($"The session has ended: {why}. Sign in with an active key.");
        }

        Context.Features.Set(new DashboardCaller(sessionId, session, account!, key!));
        var identity = new ClaimsIdentity(
        [
            new Claim(DashboardAuthentication.AccountIdClaim, session.AccountId),
            new Claim(DashboardAuthentication.KeyIdClaim, session.KeyId),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var (kind, detail) = result.Failure is { } failure
            ? (ProblemCatalog.DashboardSessionEnded, failure.Message)
            : (ProblemCatalog.DashboardSessionRequired, "Sign in to the dashboard with one of your account's API keys first.");
        if (Request.Cookies.ContainsKey(DashboardAuthentication.SessionCookie))
        {
            DashboardCookies.ClearSession(Response);
        }
        Response.StatusCode = kind.Status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title, Detail = detail },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dashboard session of key {KeyId} (account {AccountId}) ended: {Reason}.")]
        public static partial void SessionEnded(ILogger logger, string keyId, string accountId, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Dashboard session of key {KeyId} (account {AccountId}) used from outside the key's allowed networks; refused.")]
        public static partial void SessionRefusedFromAddress(ILogger logger, string keyId, string accountId);
    }
}
