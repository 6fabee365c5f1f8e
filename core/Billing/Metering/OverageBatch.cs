namespace Tollgate.Core.Billing.Metering;

/// <summary>Overage units of one account sealed for one report to the provider.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Id">The batch's identifier: the meter event's idempotency identifier, the same on every resend.</param>
/// <param name="Units">Units (requests) in the batch.</param>
internal sealed record OverageBatch(string AccountId, string Id, long Units);
