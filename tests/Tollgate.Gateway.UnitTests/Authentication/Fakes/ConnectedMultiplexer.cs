using System.Reflection;
using StackExchange.Redis;

namespace Tollgate.Gateway.UnitTests.Authentication.Fakes;

/// <summary>
/// An <see cref="IConnectionMultiplexer"/> that only says it is connected, so a <c>RedisGuard</c> lets calls
/// to a fake store through. Anything else it is asked answers the member's default.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from this class at run time, so it cannot be sealed.
internal class ConnectedMultiplexer : DispatchProxy
#pragma warning restore CA1852
{
    public static IConnectionMultiplexer Create() => Create<IConnectionMultiplexer, ConnectedMultiplexer>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == "get_IsConnected" ? true
        : targetMethod?.ReturnType is { IsValueType: true } type && type != typeof(void) ? Activator.CreateInstance(type)
        : null;
}
