namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// Settles an account's leases held by this instance before its usage is read: the unused permits go back first, so the
/// usage read is what the account used rather than what this instance leased ahead.
/// </summary>
public interface ILeaseSettlement
{
    /// <summary>Ends this instance's lease of <paramref name="accountId"/>, if any, and waits for its return.</summary>
    Task SettleAsync(string accountId, CancellationToken cancellationToken);
}
