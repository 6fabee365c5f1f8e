namespace Tollgate.SelfService.Problems;

/// <summary>Quotes caller input back in an error answer without echoing a whole novel.</summary>
public static class Echo
{
    private const int MaxLength = 64;

    /// <summary><paramref name="value"/>, cut to 64 characters.</summary>
    public static string Of(string? value) =>
        value is null ? "null" : value.Length <= MaxLength ? value : value[..MaxLength] + "…";
}
