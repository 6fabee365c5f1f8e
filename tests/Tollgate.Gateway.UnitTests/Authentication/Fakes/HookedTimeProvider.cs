namespace Tollgate.Gateway.UnitTests.Authentication.Fakes;

/// <summary>
/// The system clock, except that the next timestamp read after <see cref="OnNextTimestamp"/> first runs the
/// given action on the reading thread: a way to run something at an exact point inside code that reads the clock.
/// </summary>
internal sealed class HookedTimeProvider : TimeProvider
{
    private Action? _hook;

    public void OnNextTimestamp(Action hook) => _hook = hook;

    public override long GetTimestamp()
    {
        Interlocked.Exchange(ref _hook, null)?.Invoke();
        return System.GetTimestamp();
    }
}
