namespace Tollgate.ConsumerSide.Subscription;

/// <summary>
/// Puts the subscription endpoints behind the host's key check (<see cref="IConsumerKeys"/>), the same as proxied
/// routes; the holder is then in the request's features. They do not count against the limits.
/// </summary>
internal sealed class RequireKeyFilter(IConsumerKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (await keys.AuthenticateAsync(context.HttpContext) is not { } holder)
        {
            return Results.Empty; // the refusal is already written
        }
        context.HttpContext.Features.Set(holder);
        return await next(context);
    }
}
