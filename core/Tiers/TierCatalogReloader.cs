using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Core.Tiers;

/// <summary>
/// Applies edits of the <c>Tiers</c> section while running. A valid catalogue replaces the current one;
/// an invalid one is refused with a logged error naming the entry, and the last good catalogue stays.
/// </summary>
internal sealed partial class TierCatalogReloader(
    IConfiguration configuration,
    TierCatalog catalog,
    IValidateOptions<TierCatalogOptions> validator,
    ILogger<TierCatalogReloader> logger) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    internal void Reload()
    {
        var options = new TierCatalogOptions();
        configuration.GetSection(TierCatalogOptions.SectionName).Bind(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            Log.Refused(logger, result.FailureMessage);
            return;
        }
        catalog.Replace(options);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Tier catalogue edit refused; the last good catalogue stays in force: {Reason}")]
        public static partial void Refused(ILogger logger, string reason);
    }
}
