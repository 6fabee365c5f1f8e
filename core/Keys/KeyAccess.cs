using System.Net;
using System.Runtime.CompilerServices;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Keys;

/// <summary>
/// The one rule for what a key may do, wherever it is presented (the proxy, the subscription endpoints, the
/// dashboard, any later entry point): it is used only while neither revoked nor expired, only from a client
/// address within its <see cref="ApiKeyRecord.AllowedIps"/>, reaches a feature only when the tier includes it
/// and the scopes name it, and manages the account only without scopes or with <see cref="KeyScopes.Account"/>.
/// A key issued under another key (a dashboard session's) is never more than that key.
/// </summary>
/// <remarks>
/// The client address must be the real one: the socket peer, or what a trusted proxy forwarded (each service's
/// forwarded-headers set-up decides that before this rule runs). The allowed networks are parsed once per record.
/// </remarks>
public sealed class KeyAccess(TimeProvider timeProvider)
{
    private readonly ConditionalWeakTable<ApiKeyRecord, IPNetwork[]> _networks = [];

    /// <summary>Whether <paramref name="key"/> may be used at all now by <paramref name="client"/>: not revoked, not expired, allowed address.</summary>
    public KeyRefusal CheckUse(ApiKeyRecord key, IPAddress? client)
    {
        if (key.RevokedAt is not null)
        {
            return KeyRefusal.Revoked;
        }
        if (!key.IsActiveAt(timeProvider.GetUtcNow()))
        {
            return KeyRefusal.Expired;
        }
        return AllowsAddress(key, client) ? KeyRefusal.None : KeyRefusal.AddressNotAllowed;
    }

    /// <summary>
    /// Whether <paramref name="account"/> lets <paramref name="key"/> work: not when the key is among those disabled because the
    /// account's tier allows fewer (it is refused like a revoked key, with its own reason, until the account moves up again).
    /// </summary>
    public static KeyRefusal CheckEnabled(ApiKeyRecord key, Accounts.AccountRecord account) =>
        account.DisabledKeyIds.Count > 0 && account.DisabledKeyIds.Contains(key.KeyId) ? KeyRefusal.Disabled : KeyRefusal.None;

    /// <summary>Whether a usable <paramref name="key"/> of an account on <paramref name="tier"/> may reach <paramref name="feature"/>.</summary>
    public static KeyRefusal CheckFeature(ApiKeyRecord key, Tier tier, string feature) =>
        !tier.HasFeature(feature) ? KeyRefusal.FeatureNotInTier
        : key.Scopes.Count > 0 && !key.Scopes.Contains(feature) ? KeyRefusal.FeatureNotInKeyScope
        : KeyRefusal.None;

    /// <summary>
    /// Whether <paramref name="key"/> of <paramref name="account"/>, presented now by <paramref name="client"/>, may manage
    /// the account: open a dashboard session, create or revoke keys, change the tier. A disabled key may not.
    /// </summary>
    public KeyRefusal CheckManageAccount(ApiKeyRecord key, Accounts.AccountRecord account, IPAddress? client)
    {
        var use = CheckUse(key, client);
        if (use != KeyRefusal.None)
        {
            return use;
        }
        var enabled = CheckEnabled(key, account);
        return enabled != KeyRefusal.None ? enabled : CanManageAccount(key) ? KeyRefusal.None : KeyRefusal.CannotManageAccount;
    }

    /// <summary>True when <paramref name="key"/> has no scopes or has <see cref="KeyScopes.Account"/>.</summary>
    public static bool CanManageAccount(ApiKeyRecord key) => key.Scopes.Count == 0 || key.Scopes.Contains(KeyScopes.Account);

    /// <summary>True when the key has no IP restriction or <paramref name="client"/> lies in one of its networks.</summary>
    public bool AllowsAddress(ApiKeyRecord key, IPAddress? client)
    {
        if (key.AllowedIps.Count == 0)
        {
            return true;
        }
        if (client is null)
        {
            return false;
        }
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }
        foreach (var network in _networks.GetValue(key, static k => ParseNetworks(k.AllowedIps)))
        {
            if (network.Contains(client))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The key to issue when <paramref name="opener"/> asks for <paramref name="requested"/>: never more than the opener.
    /// Scopes must be among the opener's (none asked: the opener's); networks must each lie within one of the
    /// opener's (none asked: the opener's); the expiry must not be later than the opener's (none asked: the opener's).
    /// An opener without a restriction passes the request through unchanged in that respect.
    /// </summary>
    public static KeyGrant Narrow(ApiKeyRecord opener, NewApiKey requested)
    {
        var scopes = requested.Scopes ?? [];
        if (opener.Scopes.Count > 0)
        {
            var outside = scopes.Where(s => !opener.Scopes.Contains(s)).ToList();
            if (outside.Count > 0)
            {
                return KeyGrant.Refused("scopes",
                    $"The key you signed in with is limited to {string.Join(", ", opener.Scopes)}; a key made with it cannot have {string.Join(", ", outside)}.");
            }
            if (scopes.Count == 0)
            {
                scopes = opener.Scopes;
            }
        }

        var networks = requested.AllowedIps ?? [];
        if (opener.AllowedIps.Count > 0)
        {
            var within = ParseNetworks(opener.AllowedIps);
            var outside = networks.Where(n => ParseNetworks([n]) is not [var asked] || !within.Any(o => Contains(o, asked))).ToList();
            if (outside.Count > 0)
            {
                return KeyGrant.Refused("allowed_ips",
                    $"The key you signed in with may be used only from {string.Join(", ", opener.AllowedIps)}; {string.Join(", ", outside)} is not within that.");
            }
            if (networks.Count == 0)
            {
                networks = opener.AllowedIps;
            }
        }

        var expires = requested.ExpiresAt;
        if (opener.ExpiresAt is { } openerEnd)
        {
            if (expires > openerEnd)
            {
                return KeyGrant.Refused("expires_at",
                    $"The key you signed in with expires at {openerEnd:u}; a key made with it must expire by then.");
            }
            expires ??= openerEnd;
        }
        return KeyGrant.Granted(requested with { Scopes = scopes, AllowedIps = networks, ExpiresAt = expires });
    }

    /// <summary>CIDR ranges, or single addresses taken as a /32 or /128; entries that parse as neither match nothing.</summary>
    internal static IPNetwork[] ParseNetworks(IReadOnlyList<string> entries)
    {
        var networks = new List<IPNetwork>(entries.Count);
        foreach (var entry in entries)
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
        }
        return [.. networks];
    }

    // A network lies within another when it is no wider and starts inside it (same address family).
    private static bool Contains(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
        && outer.PrefixLength <= inner.PrefixLength
        && outer.Contains(inner.BaseAddress);
}
