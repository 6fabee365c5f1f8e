using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Testing;

/// <summary>How a <see cref="ServiceHost{TEntryPoint}"/> runs its service.</summary>
public sealed record ServiceHostOptions
{
    /// <summary>Configuration laid over the service's own files (appsettings.json), as environment variables would be.</summary>
    public required IReadOnlyDictionary<string, string?> Configuration { get; init; }

    /// <summary>The host environment; default "Testing", so production rules apply.</summary>
    public string Environment { get; init; } = TestHostEnvironment.Testing;

    /// <summary>The service's folder; default its source folder (whose parent holds the root appsettings.json).</summary>
    public string? ContentRoot { get; init; }

    /// <summary>The service's clock, e.g. a <c>FakeTimeProvider</c> or an instance clock of <see cref="TestClock"/>; default the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the service's log lines go (may be shared by several hosts); default a new one of the host's own.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>
    /// Listen on a real loopback socket (a free port; the management listener on another free one unless configured),
    /// e.g. for a browser, raw HTTP or Prometheus; default the in-memory test server.
    /// </summary>
    public bool Kestrel { get; init; }

    /// <summary>Last word on the registrations, e.g. a fake billing provider or a startup filter.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
