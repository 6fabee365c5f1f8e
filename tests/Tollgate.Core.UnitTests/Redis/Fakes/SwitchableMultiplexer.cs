using System.Reflection;
using StackExchange.Redis;

namespace Tollgate.Core.UnitTests.Redis.Fakes;

/// <summary>
/// An <see cref="IConnectionMultiplexer"/> that only says whether it is connected (<see cref="Connected"/>), so a
/// <c>RedisGuard</c> can be driven without a server. Anything else it is asked answers the member's default.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from this class at run time, so it cannot be sealed.
internal class SwitchableMultiplexer : DispatchProxy
#pragma warning restore CA1852
{
    public bool Connected { get; set; } = true;

    public static (IConnectionMultiplexer Multiplexer, SwitchableMultiplexer Switch) Create()
    {
        var proxy = Create<IConnectionMultiplexer, SwitchableMultiplexer>();
        return (proxy, (SwitchableMultiplexer)(object)proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == "get_IsConnected" ? Connected
        : targetMethod?.ReturnType is { IsValueType: true } type && type != typeof(void) ? Activator.CreateInstance(type)
        : null;
}
