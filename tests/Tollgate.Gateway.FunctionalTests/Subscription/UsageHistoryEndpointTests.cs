using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Subscription;

public sealed class UsageHistoryEndpointTests : GatewayTestBase
{
    [Test]
    public async Task UsageHistory_CountsTodayPerKey()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var second = await Gateway.Services.IssueKeyAsync(consumer.Account.Id, new NewApiKey("b"));
        for (var i = 0; i < 3; i++)
        {
            using (await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Oslo")))
            {
            }
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/weather/current?city=Oslo"))
        {
            request.Headers.Add("X-API-Key", second.RawKey);
            using (await Client.SendAsync(request))
            {
            }
        }

        using var response = await Client.SendAsync(consumer.Get("/api/v3/subscription/usage-history?days=7"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var history = body.GetProperty("history");
        var today = history[history.GetArrayLength() - 1];
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("days").GetInt32(), Is.EqualTo(7));
            Assert.That(history.GetArrayLength(), Is.EqualTo(7));
            Assert.That(today.GetProperty("date").GetString(), Is.EqualTo(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(today.GetProperty("total").GetInt64(), Is.EqualTo(4));
            Assert.That(today.GetProperty("by_key").GetProperty(consumer.Key.KeyId).GetInt64(), Is.EqualTo(3));
            Assert.That(today.GetProperty("by_key").GetProperty(second.Record.KeyId).GetInt64(), Is.EqualTo(1));
        });
    }

    [TestCase("0")]
    [TestCase("91")]
    [TestCase("-1")]
    [TestCase("ten")]
    [TestCase("99999999999999999999")]
    public async Task UsageHistory_DaysOutOfRange_Returns400NamingDays(string days)
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get($"/api/v3/subscription/usage-history?days={days}"));
        var problem = await Problem.ReadAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.Body.GetProperty("parameter").GetString(), Is.EqualTo("days"));
    }
}
