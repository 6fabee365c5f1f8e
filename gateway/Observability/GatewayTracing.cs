using System.Diagnostics;

namespace Tollgate.Gateway.Observability;

/// <summary>
/// The gateway's own spans, children of the request's server span: authentication and the limiter call.
/// Their attributes name outcomes, tiers and decisions only: never a key, a key prefix, a token or an e-mail.
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "Tollgate.Gateway";

    public const string AuthenticateSpan = "gateway.authenticate";
    public const string LimitSpan = "gateway.limit";

    /// <summary>How authentication ended: <c>authenticated</c>, a refusal (e.g. <c>unknown</c>, <c>revoked</c>) or <c>unavailable</c>.</summary>
    public const string AuthOutcome = "tollgate.auth.outcome";

    public const string Tier = "tollgate.tier";

    /// <summary><c>admitted</c>, <c>limited</c>, <c>shadow</c> (over the limit, forwarded in shadow mode),
    /// <c>fallback</c> (Redis unreachable, admitted uncounted) or <c>unavailable</c> (Redis unreachable, refused).</summary>
    public const string LimitDecision = "tollgate.limit.decision";

    /// <summary>Whose windows decided: <c>redis</c>, <c>local</c> (this instance's, during an outage) or <c>none</c>.</summary>
    public const string LimitSource = "tollgate.limit.source";

    /// <summary>Started only when a tracer provider listens; otherwise <c>StartActivity</c> returns null at once.</summary>
    public static readonly ActivitySource Source = new(SourceName);
}
