using System.Reflection;

namespace Tollgate.Gateway.UnitTests.Authentication.Fakes;

/// <summary>A stand-in for a dependency the test never reaches: any call fails the test.</summary>
#pragma warning disable CA1852 // DispatchProxy derives the proxy type from this class at run time, so it cannot be sealed.
internal class NotCalled : DispatchProxy
#pragma warning restore CA1852
{
    public static T Create<T>() where T : class => Create<T, NotCalled>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new AssertionException($"{targetMethod?.Name} was not expected to be called.");
}
