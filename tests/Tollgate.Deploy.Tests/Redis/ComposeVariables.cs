using System.Text.RegularExpressions;

namespace Tollgate.Deploy.Tests.Redis;

/// <summary>Compose's <c>${NAME}</c>, <c>${NAME:?message}</c> and <c>${NAME?message}</c> interpolation, for running what the file says.</summary>
internal static partial class ComposeVariables
{
    public static string Interpolate(string text, IReadOnlyDictionary<string, string> values) =>
        Reference().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"{match.Groups[1].Value} is not set."));

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?\?[^}]*)?\}")]
    private static partial Regex Reference();
}
