namespace Tollgate.AdminApi.Contracts;

/// <summary>One data row of an import.</summary>
/// <param name="Line">Line of the file the row starts on (the header is line 1).</param>
/// <param name="Email">The row's email as given.</param>
/// <param name="Result">"created", "skipped" or "rejected".</param>
/// <param name="Reason">Why it was skipped or rejected; null when created.</param>
/// <param name="AccountId">The account created, or the one that already had the email; null when rejected.</param>
internal sealed record ImportRowResponse(int Line, string Email, string Result, string? Reason, string? AccountId);
