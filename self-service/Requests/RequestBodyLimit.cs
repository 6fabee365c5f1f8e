using Microsoft.AspNetCore.Http.Metadata;

namespace Tollgate.SelfService.Requests;

/// <summary>
/// Endpoint metadata: the largest request body the endpoint accepts. Routing hands it to the server
/// (Kestrel refuses longer bodies with 413 while reading), and <see cref="RequestBodyLimitMiddleware"/>
/// refuses a declared Content-Length above it before anything reads the body.
/// </summary>
/// <param name="bytes">The limit in bytes.</param>
public sealed class RequestBodyLimit(long bytes) : IRequestSizeLimitMetadata
{
    /// <summary>For JSON endpoints: 64 KiB, far above any valid request.</summary>
    public static readonly RequestBodyLimit Json = new(64 * 1024);

    /// <summary>For CSV imports: 1 MiB.</summary>
    public static readonly RequestBodyLimit Import = new(1024 * 1024);

    /// <inheritdoc/>
    public long? MaxRequestBodySize { get; } = bytes;
}
