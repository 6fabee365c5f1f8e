using System.Text.Json.Serialization;

namespace Tollgate.Gateway.Verification;

/// <remarks>Fields that do not apply are left out, so an invalid key's answer is just <c>{"valid":false,"code":…}</c>.</remarks>
/// <summary>The answer of <c>POST /v1/keys/verify</c>: always 200 once the caller and the body are acceptable.</summary>
/// <param name="Valid">True when the key may make the call, and it was counted.</param>
/// <param name="Code">Why not, when not valid: <c>unknown</c>, <c>revoked</c>, <c>expired</c>, <c>forbidden</c>, <c>limited</c>.</param>
/// <param name="Reason">For <c>forbidden</c>: <c>address_not_allowed</c>, <c>key_disabled</c>, <c>feature_not_in_tier</c>, <c>feature_not_in_key_scope</c> or <c>tier_unavailable</c>.</param>
/// <param name="AccountId">The key's account, when the key is known and usable.</param>
/// <param name="KeyId">The key's id, likewise.</param>
/// <param name="Tier">The account's tier, likewise.</param>
/// <param name="Scopes">The key's scopes (empty: every feature of the tier), when valid.</param>
/// <param name="Remaining">Units left in each window after this one, when valid and counted in the store.</param>
/// <param name="RetryAfterSeconds">For <c>limited</c>: whole seconds until a call would be admitted.</param>
internal sealed record VerifyKeyResponse(
    bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccountId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tier = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Scopes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RemainingUnits? Remaining = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RetryAfterSeconds = null)
{
    public static VerifyKeyResponse Invalid(string code, string? reason = null) => new(false, code, reason);
}
