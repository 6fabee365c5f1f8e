using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>Typed wrapper of <c>Scripts/return_permits.lua</c>; see the script's header for its keys, arguments and result.</summary>
internal sealed class ReturnPermitsScript() : EmbeddedLuaScript("Tollgate.Core.Limiting.Scripts.return_permits.lua");
