using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// This instance's name in the accounts' leases hashes (<see cref="Redis.RedisKeys.AccountLeases"/>): random per process,
/// so a restarted instance never mistakes an old lease for its own. Null where this instance takes no leases (leases
/// off, or shadow mode): its limiter calls then neither read nor write the hashes.
/// </summary>
internal sealed class LeaseLessee(IOptions<LeaseOptions> leases, IOptions<LimitsOptions> limits)
{
    public string? Id { get; } = leases.Value.Enabled && limits.Value.Mode == LimitsMode.Enforce
        ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))
        : null;

    /// <summary>What a plain limiter call of this instance tells the script of leases.</summary>
    public LeaseCall Call => new(Id);
}
