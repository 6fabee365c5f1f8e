namespace Tollgate.Core.Audit;

/// <summary>An append-only record of who changed what, newest last, capped in length.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="change"/>, stamped with the current time.</summary>
    Task<AuditEntry> AppendAsync(AuditEvent change, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> entries, newest first; only those about <paramref name="accountId"/> when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(int count, string? accountId, CancellationToken cancellationToken);
}
