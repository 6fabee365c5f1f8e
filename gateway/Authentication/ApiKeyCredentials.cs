using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Authentication;

/// <summary>Finds the API key a request presents: the <c>X-API-Key</c> header or the <c>api_key</c> query parameter.</summary>
internal static class ApiKeyCredentials
{
    /// <summary>Header carrying the key.</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>Query parameter carrying the key.</summary>
    public const string QueryName = "api_key";

    /// <summary>
    /// The one key the request presents. Fails with <see cref="AuthenticationFailure.Missing"/> when there
    /// is none and <see cref="AuthenticationFailure.Ambiguous"/> when there are several that differ.
    /// </summary>
    public static AuthenticationFailure TryRead(HttpRequest request, out string key)
    {
        key = "";
        var fromHeader = request.Headers[HeaderName];
        var fromQuery = request.Query[QueryName];
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

    private static string? Single(StringValues values) =>
        values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
