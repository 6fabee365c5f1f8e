using Tollgate.AdminApi.Authentication;
using Tollgate.SelfService.Audit;
using System.Globalization;
using System.Security.Claims;
using CsvHelper;
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
/// imported again after a partial failure. A row whose quoting is broken is rejected rather than guessed at.
/// </summary>
internal sealed class UserImporter(IAccountStore accounts, TierCatalog catalog, ChangeAudit audit)
{
    public const string EmailColumn = "email";
    public const string TierColumn = "subscription_tier";

    private const string Created = "created";
    private const string Skipped = "skipped";
    private const string Rejected = "rejected";

    /// <summary>
    /// RFC 4180 as spreadsheets write it (quoted fields with doubled quotes and line breaks, CRLF, LF or CR line ends,
    /// empty lines skipped, a UTF-8 BOM ignored). The separator is always a comma: CsvHelper would otherwise guess it
    /// from the first lines (or a <c>sep=</c> line), and a file would be read differently depending on its content.
    /// Lines are counted so that each row is reported by the line it starts on, as an editor shows it.
    /// </summary>
    private static readonly CsvReaderOptions CsvOptions = new() { Separator = ',', TrackLineNumbers = true };

    /// <summary>Imports <paramref name="csv"/> (UTF-8); null when its header is malformed or has no email column.</summary>
    public async Task<ImportResponse?> ImportAsync(byte[] csv, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        // CsvHelper recovers from broken quoting (an unclosed quote runs to the end of the file); it reports each such
        // record here just before it returns it, so the row can be rejected instead of imported from a guess.
        var malformed = new Dictionary<long, CsvMalformedReason>();
        using var reader = CsvReader.Create(csv, CsvOptions with { OnMalformedRecord = m => malformed.TryAdd(m.LineNumber, m.Reason) });
        // Finding a column reads the header; a header that is missing or broken has no email column to trust.
        if (!reader.TryGetFieldIndex(EmailColumn, out var emailAt) || malformed.Count > 0)
        {
            return null;
        }
        var tierAt = reader.TryGetFieldIndex(TierColumn, out var index) ? index : -1;

        var rows = new List<ImportRowResponse>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = checked((int)reader.LineNumber);
            // A short (ragged) row reads its missing fields as empty; extra fields are ignored.
            var email = reader.GetString(emailAt).Trim();
            var tierName = tierAt < 0 ? "" : reader.GetString(tierAt).Trim();
            rows.Add(malformed.TryGetValue(reader.LineNumber, out var reason)
                ? new ImportRowResponse(line, Echo.Of(email), Rejected, Malformed(reason), null)
                : await ImportRowAsync(line, email, tierName, admin, cancellationToken));
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

    private static string Malformed(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "A quoted field is never closed, so the row ran to the end of the file and no line after it was read: close the quote and import again.",
        CsvMalformedReason.TextAfterClosingQuote => "Text follows a field's closing quote: put the whole field in quotes.",
        CsvMalformedReason.StrayQuote => "A quote stands inside an unquoted field: put the field in quotes and double the quote (\"\").",
        _ => "The row's quoting is malformed.",
    };
}
