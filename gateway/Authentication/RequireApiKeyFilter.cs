namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Puts the gateway's own endpoints (the subscription API) behind the same key check as proxied
/// routes. They do not count against the limits.
/// </summary>
internal sealed class RequireApiKeyFilter(ConsumerAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await authenticator.AuthenticateAsync(context.HttpContext)
            ? await next(context)
            : Results.Empty; // the refusal is already written
}
