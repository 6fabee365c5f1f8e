using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Authentication;

/// <summary>Finds the API key a request presents: the <c>X-API-Key</c> header or the <c>api_key</c> query parameter.</summary>
internal static class ApiKeyCredentials
{
    /// <summary>Header carrying the key.</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>Query parameter carrying the key.</summary>
    public const string QueryName = "api_key";

    /// <summary>Characters a query may hold without any of its names decoding to something they do not spell out.</summary>
    private static readonly SearchValues<char> LiteralQueryChars = SearchValues.Create(
        "!\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>
    /// The one key the request presents. Fails with <see cref="AuthenticationFailure.Missing"/> when there
    /// is none and <see cref="AuthenticationFailure.Ambiguous"/> when there are several that differ.
    /// </summary>
    public static AuthenticationFailure TryRead(HttpRequest request, out string key)
    {
        key = "";
        var fromHeader = request.Headers[HeaderName];
        // Parsing the query builds a dictionary of it; the key is almost always in the header, so look at the raw text first.
        var fromQuery = QueryMayNameKey(request.QueryString.Value) ? request.Query[QueryName] : StringValues.Empty;
        if (fromHeader.Count > 1 || fromQuery.Count > 1)
        {
            return AuthenticationFailure.Ambiguous;
        }

        var header = Single(fromHeader);
        var query = Single(fromQuery);
        if (header is not null && query is not null && !string.Equals(header, query, StringComparison.Ordinal))
        {
            return AuthenticationFailure.Ambiguous;
        }
        key = header ?? query ?? "";
        return key.Length == 0 ? AuthenticationFailure.Missing : AuthenticationFailure.None;
    }

    /// <summary>
    /// False only when no parameter of <paramref name="query"/> can be named <c>api_key</c> as ASP.NET Core reads
    /// names (case-insensitive, <c>%XX</c> and <c>+</c> decoded, non-ASCII compared by ordinal case folding): the raw
    /// text does not spell it in any ASCII case, and has nothing that decodes or folds into it (<c>%</c>, non-ASCII).
    /// Over-approximate on purpose: a true answer only costs a parse of the query.
    /// </summary>
    internal static bool QueryMayNameKey(string? query) =>
        !string.IsNullOrEmpty(query)
        && (query.Contains(QueryName, StringComparison.OrdinalIgnoreCase)
            || query.AsSpan().ContainsAnyExcept(LiteralQueryChars));

    private static string? Single(StringValues values) =>
        values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
