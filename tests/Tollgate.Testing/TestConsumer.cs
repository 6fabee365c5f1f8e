using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;

namespace Tollgate.Testing;

/// <summary>An account with one issued key, as a test's caller.</summary>
public sealed record TestConsumer(AccountRecord Account, string RawKey, ApiKeyRecord Key)
{
    /// <summary>A GET carrying the key in the <c>X-API-Key</c> header.</summary>
    public HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-API-Key", RawKey);
        return request;
    }
}
