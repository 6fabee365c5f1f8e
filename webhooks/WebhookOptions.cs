namespace Tollgate.Webhooks;

/// <summary>Webhook registration and delivery (section <c>Webhooks</c>).</summary>
public sealed record WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Allow targets on loopback, private, link-local and other non-public networks, and plain <c>http</c> URLs. Default
    /// false: only <c>https</c> URLs whose host resolves to public addresses, checked at registration and again when
    /// connecting (so a name that later resolves inward, DNS rebinding, is refused too). For local development and tests.
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>
    /// Whether this instance runs the delivery worker and the key-expiry scan. Default true; false on instances that should
    /// leave delivery to others (any number may deliver at once; claims keep each attempt on one instance).
    /// </summary>
    public bool DeliveryEnabled { get; init; } = true;

    /// <summary>Endpoints one account may register. Default 10.</summary>
    public int MaxEndpointsPerAccount { get; init; } = 10;

    /// <summary>How long one delivery attempt may take, connect to last byte. Default 10 s.</summary>
    public double TimeoutSeconds { get; init; } = 10;

    /// <summary>Deliveries in flight at once per gateway instance. Default 8.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>How often the worker looks for new events and due retries. Default 1 s.</summary>
    public double PollIntervalSeconds { get; init; } = 1;

    /// <summary>Wait before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelaySeconds"/>. Default 5 s.</summary>
    public double FirstRetrySeconds { get; init; } = 5;

    /// <summary>Longest wait between two attempts. Default 1 h.</summary>
    public double MaxRetryDelaySeconds { get; init; } = 3600;

    /// <summary>How long after the event a delivery is retried before it is given up as failed. Default 24 h.</summary>
    public double RetryForHours { get; init; } = 24;

    /// <summary>How long a rotated-out secret keeps signing beside the new one. Default 24 h.</summary>
    public double PreviousSecretHours { get; init; } = 24;

    /// <summary>Deliveries kept in the log, per endpoint of the account (the account keeps this many times its endpoints). Default 100.</summary>
    public int DeliveryLogSize { get; init; } = 100;

    /// <summary>How far ahead a key's expiry is announced (<c>key.expiring</c>, once per key). Default 7 days.</summary>
    public double KeyExpiringDays { get; init; } = 7;

    /// <summary>How often keys are scanned for coming expiries. Default 15 min.</summary>
    public double KeyExpiringScanMinutes { get; init; } = 15;
}
