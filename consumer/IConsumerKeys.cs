namespace Tollgate.ConsumerSide;

/// <summary>
/// What the consumer side needs of its host's key handling: the host (the gateway) checks a request's key exactly as
/// for a proxied route (format, hash, revoked, expired, allowed networks, the failure throttle) and forgets what it
/// cached of an account the consumer side has just changed.
/// </summary>
public interface IConsumerKeys
{
    /// <summary>The request's key holder; null when the key was refused, with the refusal already written.</summary>
    ValueTask<KeyHolder?> AuthenticateAsync(HttpContext context);

    /// <summary>Drops this instance's cached view of <paramref name="accountId"/>, so its very next request sees the change.</summary>
    void Forget(string accountId);
}
