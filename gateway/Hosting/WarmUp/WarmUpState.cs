using System.Security.Cryptography;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// Whether the warm-up runs, and the secret that marks its requests: drawn at random per process and sent only over
/// loopback, so nobody else can make its sink answer (it answers 404 to anything else, and always once the warm-up is
/// over), nor have a request of theirs left out of the gateway's telemetry.
/// </summary>
internal sealed class WarmUpState
{
    /// <summary>The header that carries <see cref="Token"/>.</summary>
    public const string TokenHeader = "X-Tollgate-Warm-Up";

    private volatile bool _running;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>True while the warm-up sends its requests.</summary>
    public bool Running => _running;

    /// <summary>Completes when the warm-up is over (done, skipped or failed): readiness waits for it.</summary>
    public Task Finished => _finished.Task;

    public void Start() => _running = true;

    public void Finish()
    {
        _running = false;
        _finished.TrySetResult();
    }

    /// <summary>True for a request of the running warm-up: it carries this process's token.</summary>
    public bool IsWarmUpRequest(HttpContext context) =>
        _running
        && context.Request.Headers.TryGetValue(TokenHeader, out var token)
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(token.ToString()), System.Text.Encoding.ASCII.GetBytes(Token));
}
