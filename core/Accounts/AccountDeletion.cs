namespace Tollgate.Core.Accounts;

/// <summary>What <see cref="AccountDeletionService"/> removed.</summary>
/// <param name="Account">The deleted account as it was.</param>
/// <param name="RevokedKeys">Keys that were still unrevoked and were revoked with it.</param>
public sealed record AccountDeletion(AccountRecord Account, int RevokedKeys);
