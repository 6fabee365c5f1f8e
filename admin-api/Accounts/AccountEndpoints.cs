using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tollgate.AdminApi.Audit;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Tiers;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Problems;
using Tollgate.Core;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Tiers;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Accounts;

/// <summary><c>/admin/accounts</c>: create, read, list, delete accounts and change their tier.</summary>
internal static class AccountEndpoints
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts").WithTags("Accounts");
        group.MapPost("/", CreateAccount)
            .RequireAuthorization(AdminPolicies.Admin)
            .WithName(nameof(CreateAccount))
            .WithDescription("Creates an account on a tier (default: the cheapest, \"free\"). Emails are unique regardless of case.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAccounts)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(ListAccounts))
            .WithDescription($"Accounts oldest first, a page at a time (page from 1, page_size 1 to {MaxPageSize}, default {DefaultPageSize}), optionally only those of one tier.");
        group.MapGet("/{id}", GetAccount)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(GetAccount))
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAccount)
            .RequireAuthorization(AdminPolicies.Admin)
            .WithName(nameof(DeleteAccount))
            .WithDescription("Revokes every key of the account, removes its windows and usage, frees its email and tells every gateway.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}/tier", ChangeTier)
            .RequireAuthorization(AdminPolicies.Billing)
            .WithName(nameof(ChangeTier))
            .WithDescription(
                "Upgrades or downgrades the account; gateways apply the new tier from its next request. A downgrade that would " +
                "leave more active keys than the new tier allows is refused with 409 (type urn:tollgate:problem:too-many-keys-for-tier), " +
                "whose keys_to_revoke lists the keys to revoke and revoke_count how many.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status402PaymentRequired);
        return admin;
    }

    /// <summary>Creates an account.</summary>
    internal static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateAccount(
        CreateAccountRequest? request,
        IAccountStore accounts,
        TierCatalog catalog,
        ChangeAudit audit,
        ClaimsPrincipal admin,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FieldErrors.Single("body", "A JSON body {\"email\", \"tier\"} is required.");
        }
        var errors = new FieldErrors();
        if (!EmailAddress.TryNormalize(request.Email, out var email))
        {
            errors.Add("email", request.Email is null
                ? "'email' is required."
                : $"'email' must be one plain address such as ops@example.com, at most {EmailAddress.MaxLength} characters.");
        }
        var tier = TierOf(request.Tier, catalog, errors);
        if (errors.Any)
        {
            return errors.ToResult(errors.OnlyAbout("tier") ? ProblemCatalog.UnknownTier : null);
        }

        var account = await accounts.CreateAsync(email!, tier!.Name, cancellationToken);
        if (account is null)
        {
            var holder = await accounts.FindByEmailAsync(email!, cancellationToken);
            return ProblemCatalog.EmailTaken.Result($"An account with the email {email} exists already.",
                new Dictionary<string, object?> { ["account_id"] = holder?.Id });
        }
        await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.AccountCreated, account.Id,
            details: new Dictionary<string, string> { ["email"] = account.Email, ["tier"] = account.Tier });
        return TypedResults.Created($"/admin/accounts/{account.Id}", AccountResponse.From(account));
    }

    /// <summary>Lists accounts a page at a time.</summary>
    internal static async Task<Results<Ok<AccountListResponse>, ValidationProblem>> ListAccounts(
        IAccountStore accounts,
        TierCatalog catalog,
        CancellationToken cancellationToken,
        int? page = null,
        [FromQuery(Name = "page_size")] int? pageSize = null,
        string? tier = null)
    {
        var errors = new FieldErrors();
        if (page is < 1)
        {
            errors.Add("page", "'page' counts from 1.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("page_size", $"'page_size' must be between 1 and {MaxPageSize}.");
        }
        Tier? filter = null;
        if (tier is not null && !catalog.TryGet(tier, out filter))
        {
            return FieldErrors.Single("tier", UnknownTierMessage(tier, catalog), ProblemCatalog.UnknownTier);
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var query = new AccountQuery(page ?? 1, pageSize ?? DefaultPageSize, filter?.Name);
        var result = await accounts.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new AccountListResponse(
            [.. result.Items.Select(AccountResponse.From)], query.Page, query.PageSize, result.Total));
    }

    /// <summary>Reads one account.</summary>
    internal static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccount(
        string id, IAccountStore accounts, CancellationToken cancellationToken)
    {
        var account = IsAccountId(id) ? await accounts.GetAsync(id, cancellationToken) : null;
        return account is null ? AccountNotFound(id) : TypedResults.Ok(AccountResponse.From(account));
    }

    /// <summary>Deletes an account with its keys and usage.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAccount(
        string id, AccountDeletionService deletion, ChangeAudit audit, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var deleted = IsAccountId(id) ? await deletion.DeleteAsync(id, cancellationToken) : null;
        if (deleted is null)
        {
            return AccountNotFound(id);
        }
        await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.AccountDeleted, id, details: new Dictionary<string, string>
        {
            ["email"] = deleted.Account.Email,
            ["tier"] = deleted.Account.Tier,
            ["revoked_keys"] = deleted.RevokedKeys.ToString(CultureInfo.InvariantCulture),
        });
        return TypedResults.NoContent();
    }

    /// <summary>Moves an account to another tier.</summary>
    // An admin's change never opens a checkout (TierChangeOrigin.Admin), so the 202 of the shared answer never comes here.
    internal static async Task<Results<Ok<TierChangeResponse>, Accepted<CheckoutStarted>, ValidationProblem, ProblemHttpResult>> ChangeTier(
        string id,
        ChangeTierRequest? request,
        TierChanges tierChanges,
        ClaimsPrincipal admin,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Tier))
        {
            return FieldErrors.Single("tier", "'tier' is required, e.g. {\"tier\": \"pro\"}.");
        }
        if (!IsAccountId(id))
        {
            return AccountNotFound(id);
        }

        return await tierChanges.ChangeAsync(id, request.Tier, TierChangeOrigin.Admin, AdminAuthentication.ActorOf(admin),
            () => AccountNotFound(id), cancellationToken);
    }

    internal static bool IsAccountId(string id) => Ids.IsWellFormed(id, Ids.AccountMarker);

    internal static ProblemHttpResult AccountNotFound(string id) =>
        ProblemCatalog.AccountNotFound.Result($"There is no account '{Echo.Of(id)}'.");

    /// <summary>The tier a request names, or the cheapest tier when it names none; records an error when unknown.</summary>
    internal static Tier? TierOf(string? name, TierCatalog catalog, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return catalog.Ordered[0];
        }
        if (catalog.TryGet(name.Trim(), out var tier))
        {
            return tier;
        }
        errors.Add("tier", UnknownTierMessage(name, catalog));
        return null;
    }

    internal static string UnknownTierMessage(string name, TierCatalog catalog) => TierChanges.UnknownTierMessage(name, catalog);
}
