namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>What <c>ratelimit-header-parser</c> reported; null where it found no number (it says NaN).</summary>
public sealed record ParsedRateLimit(long? Limit, long? Used, long? Remaining, long? ResetInSeconds);
