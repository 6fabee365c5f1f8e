namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>An HTTP/1.1 answer read off a raw socket.</summary>
/// <param name="Status">The status code; 0 when the server closed the connection without answering.</param>
/// <param name="Headers">The header lines, in order.</param>
/// <param name="Body">The body, de-chunked.</param>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string? ContentType => Header("Content-Type")?.Split(';')[0].Trim();

    public bool IsProblem => ContentType == Problem.MediaType;

    public override string ToString() =>
        $"{Status} content-type={ContentType ?? "-"} body={(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
