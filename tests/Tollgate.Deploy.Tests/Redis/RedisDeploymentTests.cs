using Tollgate.Deploy.Tests.Compose;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Redis;

/// <summary>The compose Redis and deploy/redis.conf: durable, never evicting, reachable only as intended.</summary>
public sealed class RedisDeploymentTests
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
    public void Redis_Healthcheck_PingsWithRedisCli()
    {
        Assert.That(Redis.Healthcheck, Is.EqualTo(new[] { "CMD", "redis-cli", "ping" }));
    }

    [Test]
    public void Redis_PublishedPort_IsTheSpecPortOnLoopback()
    {
        var port = DeployedServices.RedisPort;

        Assert.That(Redis.Ports.Select(PublishedPort.Parse), Is.EqualTo(new[] { new PublishedPort("127.0.0.1", port, port) }));
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
}
