namespace Tollgate.Core.Keys;

/// <summary>How API keys are protected at rest (<c>Keys</c> section).</summary>
public sealed class KeyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Keys";

    /// <summary>Shortest secret accepted.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>
    /// Server secret for the HMAC-SHA256 under which keys are stored, so a copy of Redis alone cannot
    /// test guessed keys. Required outside Development (at least 32 characters); env <c>Keys__HashSecret</c>.
    /// Every gateway and admin API of one deployment must share it.
    /// </summary>
    public string? HashSecret { get; set; }
}
