namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// What a limiter call tells <c>sliding_window.lua</c> of permit leases: the calling instance's lessee id (a refusal then
/// reports, and asks back, other instances' leases of the account) and, for a take, the lease it records.
/// </summary>
/// <param name="Lessee">This instance's lessee id; null when leases are off.</param>
/// <param name="Sequence">For a take: the lease's sequence number on this instance (from 1); else 0.</param>
/// <param name="LifetimeMs">For a take: how long (Redis ms) the lease may hold unused permits.</param>
internal readonly record struct LeaseCall(string? Lessee, long Sequence = 0, long LifetimeMs = 0);
