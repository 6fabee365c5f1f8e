namespace Tollgate.Core.Limiting;

/// <summary>What a tier's month window does once its limit is used (<c>Tiers:&lt;name&gt;:Overage</c>).</summary>
public enum OverageMode
{
    /// <summary>Refuses, like every other window (the default).</summary>
    Block,

    /// <summary>Admits past the limit, up to the tier's cap, and meters the units past it for billing.</summary>
    Bill,
}
