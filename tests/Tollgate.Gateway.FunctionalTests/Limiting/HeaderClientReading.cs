namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>One answer of the gateway as the Node.js client saw it.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Headers">Its rate-limit headers and <c>Retry-After</c>, names in lower case.</param>
/// <param name="Parsed">What the parser made of them, or null when it found no rate-limit headers at all.</param>
public sealed record HeaderClientReading(int Status, Dictionary<string, string> Headers, ParsedRateLimit? Parsed)
{
    /// <summary>A header's value as a number.</summary>
    public long Number(string name) => long.Parse(Headers[name.ToLowerInvariant()], System.Globalization.CultureInfo.InvariantCulture);
}
