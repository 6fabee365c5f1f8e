using System.Globalization;

namespace Tollgate.Core;

/// <summary>
/// Text that admins and consumers read back in lists, logs and the audit log must show what it is: no control
/// characters and no invisible formatting ones (zero-width spaces, byte-order marks, bidirectional overrides,
/// Unicode category Cf), which would let two different values look the same.
/// </summary>
public static class VisibleText
{
    /// <summary>True when <paramref name="text"/> holds a control or invisible formatting character.</summary>
    public static bool HasHiddenCharacters(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }
        }
        return false;
    }
}
