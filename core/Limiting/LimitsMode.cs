namespace Tollgate.Core.Limiting;

/// <summary>Whether limits refuse requests or only report what they would refuse (how teams dark-launch limits).</summary>
public enum LimitsMode
{
    /// <summary>Requests over a limit are refused (429).</summary>
    Enforce,

    /// <summary>Every request is counted and forwarded; what would have been refused is only reported.</summary>
    Shadow,
}
