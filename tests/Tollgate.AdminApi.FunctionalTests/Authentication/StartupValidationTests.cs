using System.Net;
using Microsoft.Extensions.Hosting;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Authentication;

public sealed class StartupValidationTests
{
    [Test]
    public async Task Start_NoAdminTokenOutsideDevelopment_FailsNamingTheSetting()
    {
        await using var host = new AdminApiHost(withToken: false);

        var error = Assert.Catch(() => host.CreateClient());

        Assert.That(Flatten(error), Does.Contain("Admin:Tokens").And.Contain("Admin__Tokens__0"));
    }

    [Test]
    public async Task Start_ShortToken_FailsNamingTheEntryButNeverItsValue()
    {
        const string weak = "hunter2hunter2";
        await using var host = new AdminApiHost(new Dictionary<string, string?> { ["Admin:Tokens:1"] = weak });

        var error = Assert.Catch(() => host.CreateClient());

        var message = Flatten(error);
        Assert.That(message, Does.Contain("Admin:Tokens:1").And.Not.Contain(weak));
    }

    [TestCase("owner")]
    [TestCase("")]
    public async Task Start_TokenWithUnknownOrMissingRole_FailsNamingTheEntryAndTheRoles(string role)
    {
        const string token = "role-check-token-0123456789abcdef0123456789abcdef";
        await using var host = new AdminApiHost(new Dictionary<string, string?>
        {
            ["Admin:Tokens:1:Token"] = token,
            ["Admin:Tokens:1:Role"] = role,
        });

        var error = Assert.Catch(() => host.CreateClient());

        var message = Flatten(error);
        Assert.That(message, Does.Contain("Admin:Tokens:1:Role").And.Contain("read, support, billing or admin").And.Not.Contain(token));
    }

    [Test]
    public async Task Start_ShortTokenWithRole_FailsNamingTheEntryButNeverItsValue()
    {
        const string weak = "hunter2hunter2";
        await using var host = new AdminApiHost(new Dictionary<string, string?>
        {
            ["Admin:Tokens:1:Token"] = weak,
            ["Admin:Tokens:1:Role"] = "read",
        });

        var error = Assert.Catch(() => host.CreateClient());

        Assert.That(Flatten(error), Does.Contain("Admin:Tokens:1").And.Not.Contain(weak));
    }

    [Test]
    public async Task Start_NoAdminTokenInDevelopment_StartsAndRefusesEveryRequest()
    {
        await using var host = new AdminApiHost(environment: Environments.Development, withToken: false);
        using var client = host.CreateClient(token: "anything-anyone-might-try-0000000000000000");

        using var response = await client.GetAsync("/admin/tiers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(host.Logs.Lines.Any(l => l.Contains("No admin token is configured", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Start_MissingHashSecretOutsideDevelopment_Fails()
    {
        await using var host = new AdminApiHost(new Dictionary<string, string?> { ["Keys:HashSecret"] = "" });

        var error = Assert.Catch(() => host.CreateClient());

        Assert.That(Flatten(error), Does.Contain("Keys:HashSecret"));
    }

    private static string Flatten(Exception? error)
    {
        var text = "";
        for (var e = error; e is not null; e = e.InnerException)
        {
            text += e.Message + "\n";
            if (e is AggregateException aggregate)
            {
                text += string.Join("\n", aggregate.InnerExceptions.Select(i => i.Message));
            }
        }
        return text;
    }
}
