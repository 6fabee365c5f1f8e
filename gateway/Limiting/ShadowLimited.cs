namespace Tollgate.Gateway.Limiting;

/// <summary>Marks a request that enforcing limits would have refused but shadow mode forwarded.</summary>
internal sealed class ShadowLimited
{
    public static readonly ShadowLimited Instance = new();

    private ShadowLimited()
    {
    }
}
