namespace Tollgate.Gateway.Limiting;

/// <summary>The rate-limit fields counted answers carry (<c>Gateway:RateLimitHeaders</c>).</summary>
internal sealed class RateLimitHeaderOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway";

    /// <summary>The names a format is configured by, for error messages.</summary>
    public const string Choices = "'draft11', 'draft7' or 'legacy'";

    /// <summary>
    /// <c>draft11</c> (default), <c>draft7</c> or <c>legacy</c> (<see cref="RateLimitHeaderFormat"/>); a route's metadata
    /// <c>RateLimitHeaders</c> overrides it for that route. Read as text so a wrong value stops start-up naming the choices.
    /// </summary>
    public string RateLimitHeaders { get; set; } = "draft11";

    /// <summary>Reads a format by its configured name (case-insensitive); false for anything else, numbers included.</summary>
    public static bool TryParse(string? text, out RateLimitHeaderFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "draft11":
                format = RateLimitHeaderFormat.Draft11;
                return true;
            case "draft7":
                format = RateLimitHeaderFormat.Draft7;
                return true;
            case "legacy":
                format = RateLimitHeaderFormat.Legacy;
                return true;
            default:
                format = default;
                return false;
        }
    }
}
