namespace Tollgate.Core.Tiers;

/// <summary>The shape of a tier name: short, lowercase, safe to put in a header or a Redis value.</summary>
public static class TierName
{
    /// <summary>Longest tier name accepted.</summary>
    public const int MaxLength = 32;

    /// <summary>True when <paramref name="name"/> is lowercase letters, digits and '-'.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
