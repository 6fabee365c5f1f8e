namespace Tollgate.Core.Limiting;

/// <summary>What the limiter does while Redis is unreachable.</summary>
public enum RedisFailurePolicy
{
    /// <summary>Each instance enforces the tier limits divided by <see cref="LimitsOptions.InstanceCount"/> in memory.</summary>
    Local,

    /// <summary>Admit everything, uncounted.</summary>
    FailOpen,

    /// <summary>Refuse everything (the gateway answers 503).</summary>
    FailClosed,
}
