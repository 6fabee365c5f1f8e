namespace Tollgate.Core.Accounts;

/// <summary>What came of <see cref="IAccountStore.ChangeTierWithinKeyLimitAsync"/> and <see cref="IAccountStore.SetLimitsAsync"/>.</summary>
public enum TierWriteOutcome
{
    /// <summary>The account is on the new tier; gateways have been told.</summary>
    Changed,

    /// <summary>There is no such account.</summary>
    AccountNotFound,

    /// <summary>The account was not on the expected tier any more (another change came first); nothing was written.</summary>
    TierChanged,

    /// <summary>The account holds more active keys than the new tier allows; nothing was written.</summary>
    TooManyKeys,
}
