namespace Tollgate.AdminApi.Contracts;

/// <summary>What an import did, in total and row by row.</summary>
/// <param name="Created">Accounts created.</param>
/// <param name="Skipped">Rows whose email already had an account (an import can be run again safely).</param>
/// <param name="Rejected">Rows refused, each with a reason.</param>
/// <param name="Rows">One entry per data row, in file order.</param>
internal sealed record ImportResponse(int Created, int Skipped, int Rejected, IReadOnlyList<ImportRowResponse> Rows);
