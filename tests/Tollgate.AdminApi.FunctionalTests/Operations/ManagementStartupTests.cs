using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Operations;

/// <summary>The management listener must be told apart from the public one by its port, or the service does not start.</summary>
public sealed class ManagementStartupTests
{
    [TestCase("http://127.0.0.1:8001", "8001")]
    [TestCase("http://127.0.0.1:0", "fixed TCP port")]
    [TestCase("", "Management__Urls")]
    public async Task Start_ManagementUrlsNotApartFromThePublicOnes_FailsNamingTheSetting(string urls, string reason)
    {
        await using var host = new AdminApiHost(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:8001",
            ["Management:Urls"] = urls,
        });

        var error = Assert.Catch(() => host.CreateClient());

        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        Assert.That(string.Join("\n", messages), Does.Contain("Management:Urls").And.Contain(reason));
    }
}
