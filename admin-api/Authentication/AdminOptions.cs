namespace Tollgate.AdminApi.Authentication;

/// <summary>Who may call the admin API (<c>Admin</c> section).</summary>
internal sealed class AdminOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Admin";

    /// <summary>Shortest token accepted.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>
    /// Bearer tokens that grant access, each at least 32 characters (e.g. <c>openssl rand -hex 32</c>). A plain
    /// string is an <c>admin</c> token (env <c>Admin__Tokens__0</c>); a token with a narrower role is given as
    /// <c>Admin__Tokens__1__Token</c> and <c>Admin__Tokens__1__Role</c> (<c>read</c>, <c>support</c>, <c>billing</c>
    /// or <c>admin</c>). Several may be valid at once, so a token can be rotated without downtime. Required outside
    /// Development; default none (and none is ever built in).
    /// </summary>
    public List<AdminTokenOptions> Tokens { get; set; } = [];
}
