namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// The start-up warm-up (<c>Gateway:WarmUp</c> section): before it reports ready, a gateway sends requests to itself so
/// that the runtime compiles its request path before real traffic arrives (<see cref="WarmUpService"/>).
/// </summary>
public sealed class WarmUpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway:WarmUp";

    /// <summary>
    /// The longest the warm-up runs, in ms (0 to 120,000); 0 turns it off. It ends sooner, once the runtime has compiled
    /// the request path (new compiled methods come to a trickle): on two cores about 15-20 s. Default 30,000. Readiness
    /// waits for it; liveness does not.
    /// </summary>
    public int MaxDurationMs { get; set; } = 30_000;

    /// <summary>Requests the warm-up keeps in flight (1 to 16). Default 2: enough to make the request path hot, little enough to leave the compiler a core.</summary>
    public int Connections { get; set; } = 2;

    /// <summary>The longest the warm-up runs.</summary>
    public TimeSpan MaxDuration => TimeSpan.FromMilliseconds(MaxDurationMs);
}
