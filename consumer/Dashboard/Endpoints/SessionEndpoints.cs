using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.ConsumerSide.Dashboard.Contracts;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.SelfService.Problems;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary>
/// <c>/dashboard/api/session</c>: read the browser's state, sign in with an API key (in the body, never a URL),
/// sign out. The key itself is hashed, looked up and forgotten: the session keeps only the key's id.
/// </summary>
internal static partial class SessionEndpoints
{
    private const string LogCategory = "Tollgate.ConsumerSide.Dashboard.SignIn";

    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/session", GetSessionAsync).WithName("DashboardSession");
        api.MapPost("/session", SignInAsync).WithName("DashboardSignIn");
        api.MapDelete("/session", SignOutAsync)
            .WithName("DashboardSignOut")
            .RequireAuthorization(DashboardAuthentication.Policy)
            .AddEndpointFilter<CsrfFilter>();
        return api;
    }

    /// <summary>
    /// The session when there is one (with its CSRF token); otherwise a fresh sign-in form token, set in the
    /// <c>tg_signin</c> cookie too. Always 200, so the page can decide what to show without an error.
    /// </summary>
    internal static async Task<Ok<SessionResponse>> GetSessionAsync(HttpContext context, TierCatalog catalog, TimeProvider timeProvider)
    {
        var result = await context.AuthenticateAsync(DashboardAuthentication.Scheme);
        if (result.Succeeded && context.Features.Get<DashboardCaller>() is { } caller)
        {
            return TypedResults.Ok(Describe(caller, catalog));
        }
        if (result.Failure is not null)
        {
            DashboardCookies.ClearSession(context.Response);
        }
        var token = SessionTokens.New();
        DashboardCookies.SetSignIn(context.Response, token, timeProvider.GetUtcNow());
        return TypedResults.Ok(new SessionResponse(SignedIn: false, token, Account: null, Key: null, ExpiresAt: null));
    }

    /// <summary>
    /// Opens a session with one of the account's keys that may manage the account (<see cref="KeyAccess.CheckManageAccount"/>):
    /// active, used from one of its allowed networks, without scopes or with scope <c>account</c>.
    /// </summary>
    internal static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest? request,
        HttpContext context,
        SignInThrottle throttle,
        ApiKeyHasher hasher,
        IApiKeyStore keys,
        IAccountStore accounts,
        DashboardSessionStore sessions,
        KeyAccess access,
        TierCatalog catalog,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(LogCategory);
        // Login CSRF: the form's token must come back in the header and match its cookie (double submit).
        if (!SessionTokens.Matches(context.Request.Headers[DashboardAuthentication.CsrfHeader], context.Request.Cookies[DashboardAuthentication.SignInCookie]))
        {
            return ProblemCatalog.CsrfTokenInvalid.Result(
                $"The sign-in form's token is missing or stale; reload the page (the {DashboardAuthentication.CsrfHeader} header must match it).");
        }

        var address = context.Connection.RemoteIpAddress;
        var client = SignInThrottle.ClientOf(address);
        if (await throttle.TryBeginAsync(client, cancellationToken) is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Log.Throttled(logger, client);
            return ProblemCatalog.SignInThrottled.Result(
                $"Too many failed sign-ins from this address; try again in {Math.Max(1, (seconds + 59) / 60)} min.");
        }

        var rawKey = request?.ApiKey?.Trim();
        if (string.IsNullOrEmpty(rawKey))
        {
            await throttle.ForgiveAsync(client, cancellationToken);
            return FieldErrors.Single("api_key", "'api_key' is required: one of your account's API keys (tg_…).");
        }

        ApiKeyRecord? key = null;
        AccountRecord? account = null;
        ProblemHttpResult? refusal;
        if (!ApiKeyFormat.IsWellFormed(rawKey))
        {
            refusal = ProblemCatalog.DashboardSignInRefused.Result(
                "That is not an API key: keys start with tg_ and are 41 characters long. Check for a typo or a missing character.");
        }
        else
        {
            key = await keys.FindByHashAsync(hasher.Hash(rawKey), cancellationToken);
            account = key is null ? null : await accounts.GetAsync(key.AccountId, cancellationToken);
            refusal = key is null || account is null
                ? ProblemCatalog.DashboardSignInRefused.Result("No account has this key. Check that you copied all of it.")
                : Refusal(access.CheckManageAccount(key, account, address), key, address);
        }
        if (refusal is not null)
        {
            // The attempt stays counted.
            Log.Refused(logger, key?.Prefix ?? (ApiKeyFormat.IsWellFormed(rawKey) ? ApiKeyFormat.PrefixOf(rawKey) : "-"), client);
            return refusal;
        }
        await throttle.ForgiveAsync(client, cancellationToken);

        // A browser holds one session: signing in again ends the one it had.
        if (context.Request.Cookies.TryGetValue(DashboardAuthentication.SessionCookie, out var previous))
        {
            await sessions.DeleteAsync(previous, cancellationToken);
        }
        var (sessionId, session) = await sessions.CreateAsync(key!, cancellationToken);
        DashboardCookies.SetSession(context.Response, sessionId, session.ExpiresAt, timeProvider.GetUtcNow());
        DashboardCookies.ClearSignIn(context.Response);
        Log.SignedIn(logger, key!.KeyId, key.Prefix, account!.Id);
        return TypedResults.Ok(Describe(new DashboardCaller(sessionId, session, account, key), catalog));
    }

    /// <summary>Ends the session and clears its cookie.</summary>
    internal static async Task<NoContent> SignOutAsync(
        DashboardCaller caller, HttpContext context, DashboardSessionStore sessions, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        await sessions.DeleteAsync(caller.SessionId, cancellationToken);
        DashboardCookies.ClearSession(context.Response);
        Log.SignedOut(loggers.CreateLogger(LogCategory), caller.Key.KeyId, caller.Account.Id);
        return TypedResults.NoContent();
    }

    /// <summary>The answer to a key <see cref="KeyAccess"/> refused to let manage its account; null when it did not.</summary>
    internal static ProblemHttpResult? Refusal(KeyRefusal refusal, ApiKeyRecord key, System.Net.IPAddress? client) => refusal switch
    {
        KeyRefusal.None => null,
        KeyRefusal.Revoked => ProblemCatalog.DashboardSignInRefused.Result("This key has been revoked; sign in with another key of the account."),
        KeyRefusal.Expired => ProblemCatalog.DashboardSignInRefused.Result("This key has expired; sign in with another key of the account."),
        KeyRefusal.Disabled => ProblemCatalog.DashboardSignInRefused.Result(
            "This key is disabled while the account's plan allows fewer keys; sign in with another key of the account."),
        KeyRefusal.AddressNotAllowed => ProblemCatalog.AddressNotAllowed.Result(
            $"This key may be used only from {string.Join(", ", key.AllowedIps)}; you are connecting from {client?.ToString() ?? "an unknown address"}."),
        _ => ProblemCatalog.KeyCannotManageAccount.Result(
            $"This key is limited to {string.Join(", ", key.Scopes)}; the dashboard needs a key without scopes or with scope '{KeyScopes.Account}'.",
            new Dictionary<string, object?> { ["key_scopes"] = key.Scopes, ["required_scope"] = KeyScopes.Account }),
    };

    private static SessionResponse Describe(DashboardCaller caller, TierCatalog catalog)
    {
        var account = caller.Account;
        var tierName = catalog.TryGet(account.Tier, out var tier) ? tier.DisplayName : account.Tier;
        return new SessionResponse(
            SignedIn: true,
            caller.Session.CsrfToken,
            new SessionAccountResponse(account.Id, account.Email, account.Tier, tierName),
            new SessionKeyResponse(caller.Key.KeyId, caller.Key.Name, caller.Key.Prefix),
            caller.Session.ExpiresAt);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dashboard sign-in with key {KeyId} ({KeyPrefix}) to account {AccountId}.")]
        public static partial void SignedIn(ILogger logger, string keyId, string keyPrefix, string accountId);

        [LoggerMessage(2, LogLevel.Warning, "Dashboard sign-in refused (key prefix {KeyPrefix}, client {Client}).")]
        public static partial void Refused(ILogger logger, string keyPrefix, string client);

        [LoggerMessage(3, LogLevel.Warning, "Dashboard sign-in throttled: too many failures from client {Client}.")]
        public static partial void Throttled(ILogger logger, string client);

        [LoggerMessage(4, LogLevel.Information, "Dashboard sign-out of key {KeyId} (account {AccountId}).")]
        public static partial void SignedOut(ILogger logger, string keyId, string accountId);
    }
}
