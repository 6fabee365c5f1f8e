namespace Tollgate.SampleWeather.Contracts;

/// <summary>What actually reached this upstream, so gateway tests can assert on forwarding.</summary>
/// <param name="Method">HTTP method of the request.</param>
/// <param name="Path">Path base plus path, exactly as received.</param>
/// <param name="QueryString">Raw query string including the leading <c>?</c>, or empty.</param>
/// <param name="Headers">Every request header: lower-cased name to its values joined with ", ", sorted by name.</param>
internal sealed record EchoHeadersResponse(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers);
