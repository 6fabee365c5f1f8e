using Tollgate.AdminApi.Authentication;
using Tollgate.SelfService.Audit;
using System.Globalization;
using System.Security.Claims;
using Tollgate.AdminApi.Audit;
using Tollgate.AdminApi.Contracts;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Problems;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Tiers;

namespace Tollgate.AdminApi.Import;

/// <summary>
/// Creates accounts from the seed's <c>users.csv</c>: a header row naming an <c>email</c> column and,
/// optionally, a <c>subscription_tier</c> column (missing or empty: the cheapest tier); other columns are
/// ignored. Idempotent by email: a row whose email already has an account is skipped, so a file can be
/// imported again after a partial failure.
/// </summary>
internal sealed class UserImporter(IAccountStore accounts, TierCatalog catalog, ChangeAudit audit)
{
    public const string EmailColumn = "email";
    public const string TierColumn = "subscription_tier";

    private const string Created = "created";
    private const string Skipped = "skipped";
    private const string Rejected = "rejected";

    /// <summary>Imports <paramref name="csv"/>; null when its header has no email column.</summary>
    public async Task<ImportResponse?> ImportAsync(string csv, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        using var records = CsvReader.Read(csv).GetEnumerator();
        if (!records.MoveNext())
        {
            return null;
        }
        var header = records.Current.Fields.Select(f => f.Trim()).ToList();
        var emailAt = header.FindIndex(f => f.Equals(EmailColumn, StringComparison.OrdinalIgnoreCase));
        var tierAt = header.FindIndex(f => f.Equals(TierColumn, StringComparison.OrdinalIgnoreCase));
        if (emailAt < 0)
        {
            return null;
        }

        var rows = new List<ImportRowResponse>();
        while (records.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = records.Current;
            var email = FieldAt(record, emailAt);
            var tierName = tierAt < 0 ? "" : FieldAt(record, tierAt);
            rows.Add(await ImportRowAsync(record.Line, email, tierName, admin, cancellationToken));
        }

        var created = rows.Count(r => r.Result == Created);
        var skipped = rows.Count(r => r.Result == Skipped);
        var rejected = rows.Count - created - skipped;
        await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.UsersImported, accountId: null, details: new Dictionary<string, string>
        {
            ["created"] = created.ToString(CultureInfo.InvariantCulture),
            ["skipped"] = skipped.ToString(CultureInfo.InvariantCulture),
            ["rejected"] = rejected.ToString(CultureInfo.InvariantCulture),
        });
        return new ImportResponse(created, skipped, rejected, rows);
    }

    private async Task<ImportRowResponse> ImportRowAsync(int line, string email, string tierName, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
        {
            return new ImportRowResponse(line, Echo.Of(email), Rejected,
                email.Length == 0 ? "The email is empty." : "The email is not a valid address.", null);
        }
        Tier? tier;
        if (tierName.Length == 0)
        {
            tier = catalog.Ordered[0];
        }
        else if (!catalog.TryGet(tierName, out tier))
        {
            return new ImportRowResponse(line, email, Rejected,
                $"There is no tier '{Echo.Of(tierName)}'; known tiers: {string.Join(", ", catalog.Ordered.Select(t => t.Name))}.", null);
        }

        var account = await accounts.CreateAsync(normalized, tier.Name, cancellationToken);
        if (account is null)
        {
            var holder = await accounts.FindByEmailAsync(normalized, cancellationToken);
            return new ImportRowResponse(line, email, Skipped, "The email already has an account.", holder?.Id);
        }
        await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.AccountCreated, account.Id, details: new Dictionary<string, string>
        {
            ["email"] = account.Email,
            ["tier"] = account.Tier,
            ["source"] = "import",
            ["line"] = line.ToString(CultureInfo.InvariantCulture),
        });
        return new ImportRowResponse(line, email, Created, null, account.Id);
    }

    private static string FieldAt(CsvRecord record, int index) => index < record.Fields.Count ? record.Fields[index].Trim() : "";
}
