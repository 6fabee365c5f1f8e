using System.Net;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;

namespace Tollgate.AdminApi.FunctionalTests.Operations;

/// <summary>
/// A read the store fails is a 503 problem with Retry-After, answered by the handler every service shares, never a 500:
/// a guarded read (the limiter's windows) and a plain one (the account record). Redis answers an error reply for one
/// account's data only (a key of the wrong type), so other tests running meanwhile are untouched.
/// </summary>
public sealed class StoreFaultTests : AdminApiTestBase
{
    [Test]
    public async Task GuardedRead_RedisAnswersAnErrorReply_Is503StoreUnavailable_NeverA500()
    {
        var id = await Client.CreateAccountIdAsync("free");
        await RedisSetUp.Redis.Database.StringSetAsync(RedisKeys.WindowCounts(id, LimitWindow.Hour), "not a hash");

        using var usage = await Client.GetAsync($"/admin/accounts/{id}/usage");

        await ExpectStoreUnavailableAsync(usage);
    }

    [Test]
    public async Task PlainRead_RedisAnswersAnErrorReply_Is503StoreUnavailable_NeverA500()
    {
        var id = await Client.CreateAccountIdAsync("free");
        await RedisSetUp.Redis.Database.KeyDeleteAsync(RedisKeys.Account(id));
        await RedisSetUp.Redis.Database.StringSetAsync(RedisKeys.Account(id), "not a hash");

        using var account = await Client.GetAsync($"/admin/accounts/{id}");

        await ExpectStoreUnavailableAsync(account);
    }

    private static async Task ExpectStoreUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), problem.Body.ToString());
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:store-unavailable"));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }
}
