namespace Tollgate.Gateway.Verification;

/// <summary>Who may call <c>POST /v1/keys/verify</c> (section <c>Gateway</c>).</summary>
internal sealed class KeyVerificationOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Shortest token accepted: as for admin tokens, a guessable secret must not open the endpoint.</summary>
    public const int MinTokenLength = 32;

    /// <summary>
    /// Bearer tokens of the services allowed to verify keys (<c>Gateway__VerifyTokens__0</c>), each at least
    /// <see cref="MinTokenLength"/> characters. Default none: the endpoint is not mapped and its path answers 404.
    /// </summary>
    public List<string> VerifyTokens { get; init; } = [];
}
