using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Authentication;

public sealed class ApiKeyAuthenticationTests : GatewayTestBase
{
    private const string Weather = "/api/v3/weather/current?city=Oslo";

    [Test]
    public async Task ValidKeyInHeader_IsForwarded()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get(Weather));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"city\":\"Oslo\""));
    }

    [Test]
    public async Task ValidKeyInQuery_IsForwarded()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.GetAsync($"{Weather}&api_key={consumer.RawKey}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task NoKey_Returns401ProblemWithChallenge()
    {
        using var response = await Client.GetAsync(Weather);
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:api-key-missing"));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("ApiKey"));
        });
    }

    [TestCase("not-a-key")]
    [TestCase("tg_")]
    [TestCase("tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MalformedKey_Returns401Malformed(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Weather);
        request.Headers.Add("X-API-Key", key);
        using var response = await Client.SendAsync(request);
        var problem = await Problem.ReadAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:api-key-malformed"));
    }

    [Test]
    public async Task MistypedKey_Returns401Malformed()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var chars = consumer.RawKey.ToCharArray();
        chars[10] = chars[10] == 'a' ? 'b' : 'a';
        using var request = new HttpRequestMessage(HttpMethod.Get, Weather);
        request.Headers.Add("X-API-Key", new string(chars));
        using var response = await Client.SendAsync(request);
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-malformed"));
    }

    [Test]
    public async Task WellFormedButNeverIssuedKey_Returns401Unknown()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Weather);
        request.Headers.Add("X-API-Key", ApiKeyFormat.Generate());
        using var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-unknown"));
    }

    [Test]
    public async Task ExpiredKey_Returns401Expired()
    {
        var consumer = await Gateway.CreateConsumerAsync("free", new NewApiKey("old", ExpiresAt: DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var response = await Client.SendAsync(consumer.Get(Weather));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-expired"));
    }

    [Test]
    public async Task RevokedKey_IsRefusedOnTheNextRequest()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using (var first = await Client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key works and is now cached");
        }

        await Gateway.Services.GetRequiredService<IApiKeyStore>().RevokeAsync(consumer.Account.Id, consumer.Key.KeyId, CancellationToken.None);

        // The revocation reaches the gateway's cache over pub/sub; the promise is "within 1 s".
        var deadline = DateTime.UtcNow.AddSeconds(1);
        HttpStatusCode status;
        do
        {
            using var response = await Client.SendAsync(consumer.Get(Weather));
            status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-revoked"));
                return;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The revoked key still answered {status} after 1 s.");
    }

    [Test]
    public async Task DifferentKeysInHeaderAndQuery_Returns400()
    {
        var a = await Gateway.CreateConsumerAsync("free");
        var b = await Gateway.CreateConsumerAsync("free");
        using var request = a.Get($"{Weather}&api_key={b.RawKey}");
        using var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-ambiguous"));
    }

    [Test]
    public async Task RepeatedKeyHeader_Returns400()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var request = new HttpRequestMessage(HttpMethod.Get, Weather);
        request.Headers.Add("X-API-Key", [consumer.RawKey, consumer.RawKey]);
        using var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task KeyRestrictedToAnotherNetwork_Returns403()
    {
        var consumer = await Gateway.CreateConsumerAsync("free", new NewApiKey("office only", AllowedIps: ["10.0.0.0/8"]));
        using var response = await Client.SendAsync(consumer.Get(Weather));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:address-not-allowed"));
    }
}
