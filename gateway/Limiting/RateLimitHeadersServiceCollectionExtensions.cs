using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Limiting;

/// <summary>Registers <see cref="RateLimitHeaders"/> with the format <c>Gateway:RateLimitHeaders</c> names, checked at start.</summary>
internal static class RateLimitHeadersServiceCollectionExtensions
{
    public static IServiceCollection AddRateLimitHeaders(this IServiceCollection services)
    {
        services.AddOptions<RateLimitHeaderOptions>().BindConfiguration(RateLimitHeaderOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitHeaderOptions>, RateLimitHeaderOptionsValidator>();
        // Reading the options validates them, so a bad name never gets this far.
        services.AddSingleton(sp => RateLimitHeaderOptions.TryParse(sp.GetRequiredService<IOptions<RateLimitHeaderOptions>>().Value.RateLimitHeaders, out var format)
            ? new RateLimitHeaders(format, sp.GetRequiredService<TimeProvider>())
            : throw new InvalidOperationException($"Gateway:RateLimitHeaders must be {RateLimitHeaderOptions.Choices}."));
        return services;
    }
}
