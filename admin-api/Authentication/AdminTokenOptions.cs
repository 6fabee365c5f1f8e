using System.ComponentModel;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// One admin token and its role. Configured either as a plain string (<c>Admin:Tokens:0</c> = the token), which
/// is an <c>admin</c> token as before roles existed, or as <c>Admin:Tokens:0:Token</c> and <c>Admin:Tokens:0:Role</c>.
/// </summary>
[TypeConverter(typeof(AdminTokenOptionsConverter))]
internal sealed class AdminTokenOptions
{
    /// <summary>The secret, at least 32 characters without whitespace (e.g. <c>openssl rand -hex 32</c>). No default.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// <c>read</c>, <c>support</c>, <c>billing</c> or <c>admin</c>; required in this form (no default, so a
    /// forgotten role never grants more than meant). A plain-string token is <c>admin</c>.
    /// </summary>
    public string? Role { get; set; }
}
