using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Where a cached answer is filed: route, content coding, path and query, never a credential. Query parameters
/// are sorted, so <c>?a=1&amp;b=2</c> and <c>?b=2&amp;a=1</c> share an entry, and <c>api_key</c> is left out.
/// The coding is always <c>identity</c> (the only one the cache keeps); naming it also leaves behind entries
/// written before that rule, which could hold a compressed body.
/// </summary>
internal static class ResponseCacheKey
{
    public static string For(string routeId, HttpRequest request)
    {
        var key = new StringBuilder(routeId.Length + request.Path.Value!.Length + 64)
            .Append(routeId).Append(":identity:").Append(request.Path.Value);
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var separator = '?';
        foreach (var (name, values) in query.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (string.Equals(name, ApiKeyCredentials.QueryName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                key.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                separator = '&';
            }
        }
        return key.ToString();
    }
}
