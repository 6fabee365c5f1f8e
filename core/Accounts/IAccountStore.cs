namespace Tollgate.Core.Accounts;

/// <summary>Reads and writes accounts.</summary>
public interface IAccountStore
{
    /// <summary>Creates an account, or returns null when <paramref name="email"/> already has one.</summary>
    Task<AccountRecord?> CreateAsync(string email, string tier, CancellationToken cancellationToken);

    /// <summary>The account, or null when there is none with that id.</summary>
    Task<AccountRecord?> GetAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Moves the account to <paramref name="tier"/> and tells every gateway; false when the account does not exist.</summary>
    Task<bool> ChangeTierAsync(string accountId, string tier, CancellationToken cancellationToken);
}
