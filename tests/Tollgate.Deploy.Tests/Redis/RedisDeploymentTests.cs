using System.Text.RegularExpressions;
using Tollgate.Deploy.Tests.Compose;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Redis;

/// <summary>The compose Redis and deploy/redis.conf: durable, never evicting, signed in to, reachable only as intended.</summary>
public sealed partial class RedisDeploymentTests
{
    private const string ConfigPath = "deploy/redis.conf";

    private static ComposeService Redis =>
        ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml")).Services[DeployedServices.RedisName];

    // What Redis runs with in compose: the mounted file, then the command line's overrides.
    private static RedisConfig Effective => RedisConfig.Parse(File.ReadAllText(RepositoryRoot.Combine(ConfigPath)), Redis.Command.Skip(2));

    [Test]
    public void Redis_Image_IsRedis7()
    {
        Assert.That(Redis.Image, Is.EqualTo("redis:7.0"));
    }

    [Test]
    public void Redis_Command_RunsTheDeployConfigMountedReadOnly()
    {
        var command = Redis.Command;

        Assert.That(command, Has.Count.GreaterThanOrEqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(command[0], Is.EqualTo("redis-server"));
            Assert.That(Redis.Volumes, Does.Contain($"./{ConfigPath}:{command[1]}:ro"));
        });
    }

    [Test]
    public void Redis_Data_LivesOnANamedVolume()
    {
        var compose = ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml"));
        var dataDirectory = Effective["dir"];
        var volume = Redis.Volumes.Select(v => v.Split(':')).SingleOrDefault(parts => parts.Length >= 2 && parts[1] == dataDirectory);

        Assert.That(volume, Is.Not.Null, $"a volume mounted on Redis's dir ({dataDirectory})");
        Assert.That(compose.Volumes, Does.Contain(volume![0]), "a named volume, which outlives the container");
    }

    [Test]
    public void Redis_Persistence_IsAofFsyncedEverySecond()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Effective["appendonly"], Is.EqualTo("yes"));
            Assert.That(Effective["appendfsync"], Is.EqualTo("everysec"));
        });
    }

    [Test]
    public void Redis_MaxmemoryPolicy_IsNoeviction()
    {
        // Evicting a window or a key hash would silently over-admit or lock a customer out.
        Assert.That(Effective["maxmemory-policy"], Is.EqualTo("noeviction"));
    }

    [Test]
    public void RedisConf_Password_IsNotCommitted()
    {
        Assert.That(Effective["requirepass"], Is.Null);
    }

    [Test]
    public void RedisConf_Dir_IsLeftToTheCommandLine()
    {
        // Redis changes into `dir` while still reading the file, so a fixed one would break local scripts'
        // `redis-server deploy/redis.conf --dir …` wherever that path does not exist.
        var file = RedisConfig.Parse(File.ReadAllText(RepositoryRoot.Combine(ConfigPath)));

        Assert.That(file["dir"], Is.Null);
    }

    [Test]
    public void Redis_Healthcheck_PingsSignedInAsTheServiceUser()
    {
        // redis-cli answers NOAUTH with exit code 0, so the check must look for the PONG itself.
        var password = Redis.Environment.GetValueOrDefault("REDISCLI_AUTH");

        Assert.Multiple(() =>
        {
            Assert.That(Redis.Healthcheck, Is.EqualTo(new[] { "CMD-SHELL", $"redis-cli --user {DeployedServices.RedisUser} ping | grep -q PONG" }));
            Assert.That(password, Does.StartWith($"${{{DeployedServices.RedisPasswordVariable}:?"), "the same required password as the user's");
        });
    }

    [Test]
    public void Redis_DefaultUser_IsOff()
    {
        // Without this, a client that never signs in is the all-powerful default user.
        Assert.That(Effective.All("user"), Does.Contain("default off"));
    }

    [Test]
    public void Redis_ServiceUser_HasTheRequiredPasswordAndNoAdministration()
    {
        var user = Effective.All("user").SingleOrDefault(u => u.StartsWith(DeployedServices.RedisUser + " ", StringComparison.Ordinal));
        // The password rule holds the required-variable message, spaces and all: take it out before splitting.
        var passwords = PasswordRule().Matches(user ?? "").Select(m => m.Value).ToList();
        var rules = PasswordRule().Replace(user ?? "", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(user, Is.Not.Null, $"a user {DeployedServices.RedisUser}");
        Assert.Multiple(() =>
        {
            Assert.That(rules, Does.Contain("on"));
            Assert.That(rules.Where(r => r.StartsWith('>') || r.StartsWith('#') || r == "nopass"), Is.Empty, "no other password");
            Assert.That(passwords, Has.Count.EqualTo(1), "one password");
            Assert.That(passwords, Has.All.StartWith($">${{{DeployedServices.RedisPasswordVariable}:?"), "required from the operator's environment");
            Assert.That(rules, Does.Contain("-@admin").And.Contain("-flushall").And.Contain("-flushdb"));
        });
    }

    [Test]
    public void RedisConf_Users_AreLeftToTheCommandLine()
    {
        // A user line in the committed file would carry a committed password (or none).
        var file = RedisConfig.Parse(File.ReadAllText(RepositoryRoot.Combine(ConfigPath)));

        Assert.That(file.All("user"), Is.Empty);
    }

    [Test]
    public void Redis_PublishedPort_IsTheSpecPortOnLoopback()
    {
        var port = DeployedServices.RedisPort;

        Assert.That(Redis.Ports.Select(PublishedPort.Parse), Is.EqualTo(new[] { new PublishedPort("127.0.0.1", port, port) }));
    }

    [Test]
    public void Parse_RepeatedDirective_KeepsEveryOccurrence()
    {
        var config = RedisConfig.Parse("user default off\n", ["--user", "tollgate", "on", ">secret", "~*"]);

        Assert.That(config.All("user"), Is.EqualTo(new[] { "default off", "tollgate on >secret ~*" }));
    }

    [Test]
    public void Parse_CommandLineOverride_WinsOverTheFile()
    {
        var config = RedisConfig.Parse("appendonly yes\nbind * -::*\n", ["--appendonly", "no", "--bind", "127.0.0.1", "::1"]);

        Assert.Multiple(() =>
        {
            Assert.That(config["appendonly"], Is.EqualTo("no"));
            Assert.That(config["bind"], Is.EqualTo("127.0.0.1 ::1"));
        });
    }

    [GeneratedRegex(@">\$\{[^}]*\}")]
    private static partial Regex PasswordRule();
}
