namespace Tollgate.Core.Keys;

/// <summary>The status codes of <c>Scripts/issue_key.lua</c>.</summary>
internal enum IssueKeyScriptStatus
{
    /// <summary>The replaced key was not active.</summary>
    ReplacedKeyNotActive = -3,

    /// <summary>The account's tier was not the expected one.</summary>
    TierChanged = -2,

    /// <summary>No such account.</summary>
    AccountNotFound = -1,

    /// <summary>The limit of active keys is reached.</summary>
    LimitReached = 0,

    /// <summary>Issued and indexed.</summary>
    Issued = 1,
}
