using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tollgate.Testing;

/// <summary>
/// A provider of <c>Tollgate.Core</c> whose hosted services run, as in a started host (<see cref="CoreServices.StartAsync"/>).
/// Disposing stops them in reverse order, as a host stops, then disposes the provider.
/// </summary>
public sealed class StartedCoreServices(ServiceProvider provider) : IAsyncDisposable
{
    private readonly List<IHostedService> _started = [];

    /// <summary>The instance's services.</summary>
    public ServiceProvider Services => provider;

    /// <summary>The instance's service of type <typeparamref name="T"/>.</summary>
    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(cancellationToken).ConfigureAwait(false);
            _started.Add(hosted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        _started.Clear();
        await provider.DisposeAsync().ConfigureAwait(false);
    }
}
