using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using StackExchange.Redis;
using Tollgate.Core;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;
using Tollgate.Deploy.Tests.Compose;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Redis;

/// <summary>
/// A real redis-server run as docker-compose.yml runs it (deploy/redis.conf and the compose command, with a test
/// password for TOLLGATE_REDIS_PASSWORD; only port, address, folder and persistence changed): a client that does
/// not sign in is refused, and the services' own code works signed in with the compose connection string.
/// </summary>
public sealed class RedisAclTests
{
    private const string Password = "deploy-test-redis-password-0123456789abcdef";
    private const string HashSecret = "deploy-test-hash-secret-not-for-production!";

    private static readonly Dictionary<string, string> Operator = new() { [DeployedServices.RedisPasswordVariable] = Password };

    private RedisServerProcess _redis = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var compose = ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml"));
        var command = compose.Services[DeployedServices.RedisName].Command;
        // The mounted file's path in the container becomes the committed file, and the container's data folder
        // (Redis changes into it at once, so a later --dir could not save the start) is left out; the rest runs as written.
        var options = command.Skip(2).ToList();
        var dir = options.IndexOf("--dir");
        if (dir >= 0)
        {
            options.RemoveRange(dir, 2);
        }
        string[] arguments = [RepositoryRoot.Combine("deploy/redis.conf"), .. options.Select(a => ComposeVariables.Interpolate(a, Operator))];
        _redis = await RedisServerProcess.StartNewAsync(arguments);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _redis.DisposeAsync();

    [TestCase("PING")]
    [TestCase("GET tollgate:anything")]
    [TestCase("KEYS *")]
    public async Task Anonymous_Command_IsRefused(string command)
    {
        Assert.That(await _redis.SendAnonymousAsync(command), Does.StartWith("-NOAUTH"));
    }

    [TestCase("default", "")]
    [TestCase("tollgate", "not-the-password")]
    [TestCase("default", Password)]
    public async Task SignIn_AsAnyoneButTheServiceUserWithItsPassword_IsRefused(string user, string password)
    {
        Assert.That(await _redis.SendAnonymousAsync($"AUTH {user} \"{password}\""), Does.StartWith("-WRONGPASS"));
    }

    [Test]
    public async Task ServiceUser_RunsTheServicesOwnCode()
    {
        await using var services = Services();
        var accounts = services.GetRequiredService<IAccountStore>();
        var keys = services.GetRequiredService<IApiKeyStore>();
        var audit = services.GetRequiredService<IAuditLog>();
        var redis = services.GetRequiredService<IConnectionMultiplexer>();

        var account = await accounts.CreateAsync($"{Guid.NewGuid():N}@example.test", "free", CancellationToken.None);
        var issued = await services.IssueKeyAsync(account!.Id, new NewApiKey("deploy"));
        var revoked = await keys.RevokeAsync(account.Id, issued.Record.KeyId, CancellationToken.None);
        await audit.AppendAsync(new AuditEvent("tok_deploy", AuditActions.KeyRevoked, account.Id, issued.Record.KeyId), CancellationToken.None);
        var entries = await audit.ReadAsync(10, account.Id, CancellationToken.None);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = RedisChannel.Literal("tollgate:deploy-test");
        await redis.GetSubscriber().SubscribeAsync(channel, (_, message) => received.TrySetResult(message.ToString()));
        await redis.GetSubscriber().PublishAsync(channel, "hello");
        var deleted = await accounts.DeleteAsync(account.Id, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(revoked, Is.True);
            Assert.That(entries, Has.Count.EqualTo(1));
            Assert.That(await received.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo("hello"));
            Assert.That(deleted, Is.Not.Null);
            Assert.That(await accounts.GetAsync(account.Id, CancellationToken.None), Is.Null);
        });
    }

    [TestCase("FLUSHALL")]
    [TestCase("FLUSHDB")]
    [TestCase("CONFIG", "SET", "maxmemory", "1")]
    [TestCase("DEBUG", "SLEEP", "0")]
    [TestCase("REPLICAOF", "127.0.0.1", "1")]
    [TestCase("SHUTDOWN")]
    [TestCase("ACL", "SETUSER", "default", "on")]
    public async Task ServiceUser_MayNotAdministerOrWipeRedis(string command, params string[] arguments)
    {
        // Admin mode only lifts the client library's own guard, so the server alone decides.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString() + ",allowAdmin=true");

        var refusal = Assert.CatchAsync<RedisServerException>(() => redis.GetDatabase().ExecuteAsync(command, arguments.Cast<object>().ToArray()));

        // DEBUG is also off by Redis's own default (enable-debug-command no), which answers first.
        Assert.That(refusal!.Message, Does.StartWith("NOPERM").Or.StartWith("ERR DEBUG command not allowed"));
    }

    // The services' own registration, with the connection string compose gives them, pointed at this server.
    private ServiceProvider Services()
    {
        // The shared appsettings.json every service reads (its tier catalogue: keys are issued within a tier's limit).
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryRoot.Combine("appsettings.json")).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = ConnectionString(),
            ["Keys:HashSecret"] = HashSecret,
            ["Redis:TimeoutMs"] = "5000",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddTollgateRedis(configuration)
            .AddTollgateCore();
        return services.BuildServiceProvider();
    }

    // The connection string compose gives the services, pointed at this server.
    private string ConnectionString() =>
        ComposeVariables.Interpolate(
                ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml")).Services[DeployedServices.Gateway.Name].Environment["ConnectionStrings__Redis"],
                Operator)
            .Replace($"{DeployedServices.RedisName}:{DeployedServices.RedisPort}", $"127.0.0.1:{_redis.Port}", StringComparison.Ordinal);
}
