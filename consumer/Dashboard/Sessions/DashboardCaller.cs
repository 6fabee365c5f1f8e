using System.Reflection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;

namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// The signed-in consumer of one dashboard request, as <see cref="DashboardSessionHandler"/> found it: the
/// session, its account and the (still active) key that opened it. Endpoints take it as a parameter.
/// </summary>
/// <param name="SessionId">The cookie's session id: for signing out only, never logged or returned.</param>
/// <param name="Session">The stored session.</param>
/// <param name="Account">The account, as read for this request.</param>
/// <param name="Key">The key that opened the session, as read for this request.</param>
internal sealed record DashboardCaller(string SessionId, DashboardSession Session, AccountRecord Account, ApiKeyRecord Key)
{
    /// <summary>Minimal API binding: the caller the session handler attached to the request.</summary>
    public static ValueTask<DashboardCaller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<DashboardCaller>());
}
