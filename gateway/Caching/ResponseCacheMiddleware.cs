using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Tollgate.Core;
using Tollgate.Core.Redis;
using Tollgate.Gateway.Routing;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Fourth proxy step, after the limits (so a cached answer still counts against the caller): for routes
/// with metadata <c>CacheSeconds</c>, answers GET requests from Redis when a fresh copy exists (with an
/// <c>Age</c> header), and otherwise keeps the upstream's successful answer for the next caller. The cache
/// is a convenience: when Redis is slow or down the request simply goes upstream.
/// </summary>
/// <remarks>
/// One entry serves every caller, so it holds only what every caller may be sent: the identity encoding.
/// A request that may fill the cache goes upstream without <c>Accept-Encoding</c>, so the upstream answers
/// uncompressed, and an answer that is compressed anyway, or that varies on anything but
/// <c>Accept-Encoding</c> (<see cref="IsShareable"/>), is passed on but not kept. Keying entries by
/// <c>Accept-Encoding</c> instead would split the cache per client spelling of that header and still
/// depend on the upstream choosing the same coding for the same spelling; identity needs neither.
/// </remarks>
internal sealed partial class ResponseCacheMiddleware(
    RequestDelegate next,
    RoutePolicies policies,
    IDistributedCache cache,
    RedisGuard guard,
    TimeProvider timeProvider,
    ILogger<ResponseCacheMiddleware> logger)
{
    private const string CacheHeader = "X-Cache";
    private const int MaxBodyBytes = 1 << 20;

    // Not async itself: a request the cache has nothing to do with goes on to the next step without an async frame of
    // this step's own.
    public Task InvokeAsync(HttpContext context)
    {
        if (!policies.TryGet(context, out var policy))
        {
            return policies.RefuseAsync(context, "response cache").AsTask();
        }
        var seconds = policy.CacheSeconds;
        return seconds <= 0 || !HttpMethods.IsGet(context.Request.Method) ? next(context) : CachedAsync(context, seconds);
    }

    private async Task CachedAsync(HttpContext context, int seconds)
    {
        var key = ResponseCacheKey.For(context.GetReverseProxyFeature().Route.Config.RouteId, context.Request);
        if (await ReadAsync(key, context.RequestAborted) is { } cached)
        {
            await WriteAsync(context, cached);
            return;
        }

        context.Response.Headers[CacheHeader] = "MISS";
        context.Request.Headers.AcceptEncoding = default;
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var capture = new CapturingStream(body.Stream, MaxBodyBytes);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(capture, body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK
            && capture.Captured is { } captured
            && IsShareable(context.Response.Headers))
        {
            var entry = new CachedResponse(timeProvider.GetUtcNow(), context.Response.ContentType, captured);
            await StoreAsync(key, entry, TimeSpan.FromSeconds(seconds));
        }
    }

    /// <summary>
    /// Whether an answer may be sent to every later caller as it is: not compressed (a caller may not accept
    /// the coding), varying on nothing but <c>Accept-Encoding</c> (which the cache makes moot by asking for
    /// identity), setting no cookie, and not marked private or no-store by the upstream.
    /// </summary>
    internal static bool IsShareable(IHeaderDictionary headers)
    {
        if (headers.ContainsKey(HeaderNames.SetCookie))
        {
            return false;
        }
        foreach (var coding in HeaderTokens(headers.ContentEncoding))
        {
            if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        foreach (var field in HeaderTokens(headers.Vary))
        {
            if (!field.Equals(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase))
            {
                return false; // "*" included
            }
        }
        foreach (var directive in HeaderTokens(headers.CacheControl))
        {
            if (directive.StartsWith("no-store", StringComparison.OrdinalIgnoreCase)
                || directive.StartsWith("private", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The comma-separated tokens of every value of a header, trimmed.</summary>
    private static IEnumerable<string> HeaderTokens(StringValues values)
    {
        foreach (var value in values)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return token;
            }
        }
    }

    private async Task WriteAsync(HttpContext context, CachedResponse cached)
    {
        var age = Math.Max(0, (long)(timeProvider.GetUtcNow() - cached.StoredAt).TotalSeconds);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = cached.ContentType;
        context.Response.ContentLength = cached.Body.Length;
        context.Response.Headers.Age = age.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers[CacheHeader] = "HIT";
        await context.Response.Body.WriteAsync(cached.Body, context.RequestAborted);
    }

    private async Task<CachedResponse?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await guard.RunAsync(() => cache.GetAsync(key, cancellationToken), cancellationToken);
            return bytes is null ? null : CachedResponse.Deserialize(bytes);
        }
        catch (StoreUnavailableException e)
        {
            Log.CacheUnavailable(logger, e);
            return null;
        }
    }

    private async Task StoreAsync(string key, CachedResponse entry, TimeSpan lifetime)
    {
        try
        {
            var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime };
            // The answer is already on its way to the client; storing it must not depend on that client staying.
            await guard.RunAsync(async () =>
            {
                await cache.SetAsync(key, entry.Serialize(), options, CancellationToken.None);
                return true;
            }, CancellationToken.None);
        }
        catch (StoreUnavailableException e)
        {
            Log.CacheUnavailable(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Response cache unavailable; answering from the upstream.")]
        public static partial void CacheUnavailable(ILogger logger, Exception exception);
    }
}
