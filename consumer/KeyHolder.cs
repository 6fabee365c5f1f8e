using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;

namespace Tollgate.ConsumerSide;

/// <summary>The caller of a keyed consumer endpoint: the key it presented, its account and the account's tier.</summary>
public sealed record KeyHolder(ApiKeyRecord Key, AccountRecord Account, Tier Tier);
