using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Authentication;

/// <summary>Who is calling: the key they presented, its account and the account's tier. Kept in <c>HttpContext.Features</c>.</summary>
internal sealed record Consumer(ApiKeyRecord Key, AccountRecord Account, Tier Tier);
