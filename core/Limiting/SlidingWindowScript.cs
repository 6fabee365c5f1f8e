using Tollgate.Core.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>Typed wrapper of <c>Scripts/sliding_window.lua</c>; see the script's header for its keys, arguments and result.</summary>
internal sealed class SlidingWindowScript() : EmbeddedLuaScript("Tollgate.Core.Limiting.Scripts.sliding_window.lua");
