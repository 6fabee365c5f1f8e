namespace Tollgate.Webhooks.Targets;

/// <summary>A delivery's target resolved to no address it may reach; the attempt fails without a connection.</summary>
public sealed class WebhookTargetRefusedException(string message) : IOException(message);
