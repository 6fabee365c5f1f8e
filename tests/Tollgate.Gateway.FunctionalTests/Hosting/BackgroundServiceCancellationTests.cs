using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tollgate.Gateway.FunctionalTests.Billing;
using Tollgate.Gateway.FunctionalTests.Webhooks;
using Tollgate.Testing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Hosting;

/// <summary>
/// A gateway that cannot start (e.g. its port is taken) is disposed without being stopped, which cancels its background
/// services. The host logs any of them that then ends canceled as "BackgroundService failed" and, at Critical, as
/// stopping the host (dotnet/runtime#98935): lines that hide the real reason from whoever reads the log. Each service
/// ends quietly instead.
/// </summary>
public sealed class BackgroundServiceCancellationTests
{
    private static readonly string[] CancelableServices = ["KeyExpiryScanner", "WebhookDeliveryWorker", "GracePeriodService", "OverageMeteringService"];

    [Test]
    public async Task EveryBackgroundService_CanceledWithoutAStop_EndsWithoutAnError()
    {
        await using var stripe = new StripeStandIn();
        await using var upstream = new UpstreamHost();
        // Every background service on: webhook delivery and its key-expiry scan, and the Stripe ones.
        var settings = StripeSettings.For(stripe, WebhookSettings.Fast());
        await using var gateway = new GatewayHost(upstream.Address, settings);
        var services = gateway.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        Assert.That(services.Select(s => s.GetType().Name),
            Is.SupersetOf(CancelableServices));

        foreach (var service in services)
        {
            // What the host's disposal does after a failed start: cancel, without StopAsync.
            service.Dispose();
        }
        var ended = new Dictionary<string, TaskStatus>();
        foreach (var service in services)
        {
            var running = service.ExecuteTask!;
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10)));
            ended[service.GetType().Name] = running.Status;
        }
        Assert.That(ended.Where(e => e.Value != TaskStatus.RanToCompletion), Is.Empty, "services that did not end quietly");
    }
}
