namespace Tollgate.Gateway.Verification;

/// <summary>Units left in the account's sliding hour, day and month (30 days).</summary>
internal sealed record RemainingUnits(long Hour, long Day, long Month);
