namespace Tollgate.Core;

/// <summary>
/// Enum-valued settings read by name only (any case, trimmed). The configuration binder also takes a number ("1", even
/// "7", which names nothing) or a comma list ("Block,Bill", read as flags) without a word: a slip of that kind must stop
/// start-up instead of changing what the setting does.
/// </summary>
internal static class EnumSetting
{
    /// <summary>
    /// <paramref name="text"/> read as a name of <typeparamref name="T"/>; absent (null or blank) gives
    /// <paramref name="absent"/>. False when it names no value.
    /// </summary>
    public static bool TryRead<T>(string? text, T absent, out T value) where T : struct, Enum
    {
        value = absent;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var name = Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out value);
    }

    /// <summary>True when <paramref name="text"/> is absent or names a value of <typeparamref name="T"/>.</summary>
    public static bool IsNameOrAbsent<T>(string? text) where T : struct, Enum => TryRead<T>(text, default, out _);

    /// <summary>The names of <typeparamref name="T"/> for a message: "A or B", "A, B or C".</summary>
    public static string Names<T>() where T : struct, Enum
    {
        var names = Enum.GetNames<T>();
        return names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }
}
