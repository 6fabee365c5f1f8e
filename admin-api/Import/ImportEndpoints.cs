using System.Security.Claims;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Problems;
using Tollgate.SelfService.Requests;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Import;

/// <summary><c>/admin/import/users</c>: bulk account creation from the seed's users.csv.</summary>
internal static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/import/users", ImportUsers)
            .RequireAuthorization(AdminPolicies.Admin)
            .WithTags("Import")
            .WithName(nameof(ImportUsers))
            .WithDescription(
                "Body: text/csv (UTF-8, at most 1 MiB) with a header row naming an `email` column and optionally a " +
                "`subscription_tier` column (missing or empty: free); other columns are ignored. Idempotent by email: rows whose " +
                "email has an account are skipped; a row with broken quoting is rejected, not guessed at. Answers totals and one result per row.")
            .Accepts<string>("text/csv")
            .WithMetadata(RequestBodyLimit.Import)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return admin;
    }

    /// <summary>Creates accounts from a CSV body.</summary>
    internal static async Task<Results<Ok<ImportResponse>, ValidationProblem, ProblemHttpResult>> ImportUsers(
        HttpRequest request, UserImporter importer, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
                 || mediaType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            return ProblemCatalog.UnsupportedMediaType.Result("Send the users as text/csv (UTF-8).");
        }

        var limit = RequestBodyLimit.Import.MaxRequestBodySize!.Value;
        var body = await ReadAtMostAsync(request.Body, limit, cancellationToken);
        if (body is null)
        {
            return ProblemCatalog.PayloadTooLarge.Result($"An import may be at most {limit} bytes; split the file.");
        }
        if (!Utf8.IsValid(body))
        {
            return FieldErrors.Single("body", "The body is not valid UTF-8 text.", ProblemCatalog.MalformedRequest);
        }

        var result = await importer.ImportAsync(body, admin, cancellationToken);
        return result is null
            ? FieldErrors.Single("body", $"The first line must be a well-formed header naming an '{UserImporter.EmailColumn}' column " +
                $"(and optionally '{UserImporter.TierColumn}').", ProblemCatalog.MalformedRequest)
            : TypedResults.Ok(result);
    }

    /// <summary>The whole body, or null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
