using System.ComponentModel;
using System.Globalization;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// Lets the configuration binder read a plain-string entry of <c>Admin:Tokens</c> as an <c>admin</c> token, so the
/// form used before roles existed (<c>Admin__Tokens__0=&lt;token&gt;</c>) keeps working unchanged.
/// </summary>
internal sealed class AdminTokenOptionsConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string token
            ? new AdminTokenOptions { Token = token, Role = AdminRoles.Name(AdminRole.Admin) }
            : base.ConvertFrom(context, culture, value);
}
