#if GATEWAY_INTERNALS
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Keys;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Benchmarks;

/// <summary>
/// Reading the presented key (<c>ApiKeyCredentials.TryRead</c>, internal to the gateway: needs
/// <c>&lt;InternalsVisibleTo Include="Tollgate.Benchmarks" /&gt;</c> in Tollgate.Gateway.csproj). ASP.NET Core parses
/// a request's query string once, on first access to <c>Request.Query</c>, so every benchmark builds a fresh
/// request; <see cref="NewRequest_Only"/> is that cost alone, and the difference is what TryRead adds (no
/// BenchmarkDotNet baseline: in the joined summary it would make a ratio column for every other class too).
/// </summary>
[MemoryDiagnoser]
public class ApiKeyCredentialsBenchmarks
{
    private string _key = "";

    [GlobalSetup]
    public void Setup() => _key = ApiKeyFormat.Generate();

    [Benchmark]
    public HttpRequest NewRequest_Only() => NewRequest("?city=London");

    [Benchmark]
    public bool TryRead_HeaderKey_CityQuery() => ApiKeyCredentials.TryRead(NewRequest("?city=London"), out _) == AuthenticationFailure.None;

    [Benchmark]
    public bool TryRead_HeaderKey_NoQuery() => ApiKeyCredentials.TryRead(NewRequest(""), out _) == AuthenticationFailure.None;

    private HttpRequest NewRequest(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers[ApiKeyCredentials.HeaderName] = _key;
        request.QueryString = new QueryString(query);
        return request;
    }
}
#endif
