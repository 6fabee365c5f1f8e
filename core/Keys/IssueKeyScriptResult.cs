namespace Tollgate.Core.Keys;

/// <summary>What <see cref="IssueKeyScript"/> answered.</summary>
/// <param name="Status">Issued, or why not.</param>
/// <param name="ActiveKeys">Active keys of the account afterwards (or as found, when refused).</param>
internal readonly record struct IssueKeyScriptResult(IssueKeyScriptStatus Status, int ActiveKeys);
