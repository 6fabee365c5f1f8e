namespace Tollgate.Core.Accounts;

/// <summary>What <see cref="AccountBillingWriter.ApplyAsync"/> did.</summary>
/// <param name="Status">Whether it was written.</param>
/// <param name="TierChanged">True when the account moved to another tier.</param>
/// <param name="KeysDisabled">Keys set aside because the new tier allows fewer.</param>
/// <param name="KeysEnabled">Disabled keys that came back.</param>
internal sealed record BillingWriteResult(BillingWriteStatus Status, bool TierChanged, int KeysDisabled, int KeysEnabled);
