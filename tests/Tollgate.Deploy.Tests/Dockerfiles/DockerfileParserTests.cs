namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>The Dockerfile reader on inline files, including the mistakes the image checks exist to catch.</summary>
public sealed class DockerfileParserTests
{
    [Test]
    public void Parse_ContinuedLinesAndComments_ReadAsDockerReadsThem()
    {
        var dockerfile = Dockerfile.Parse("""
            # syntax=docker/dockerfile:1
            ARG TAG=10.0
            FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/sdk:10.0 AS build
            RUN dotnet restore \
                # a comment inside the instruction
                app.csproj
            FROM mcr.microsoft.com/dotnet/aspnet:10.0
            ENV A=1 \
                B="two words"
            ENV LEGACY some value
            HEALTHCHECK --interval=5s CMD ["bash", "probe", "8000"]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(dockerfile.Stages.Select(s => s.Name), Is.EqualTo(new[] { "build", null }));
            Assert.That(dockerfile.Stages[0].BaseImage, Is.EqualTo("mcr.microsoft.com/dotnet/sdk:10.0"));
            Assert.That(dockerfile.Stages[0].Last("RUN")!.Words(), Is.EqualTo(new[] { "dotnet", "restore", "app.csproj" }));
            Assert.That(dockerfile.FinalStage.Environment(), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["A"] = "1",
                ["B"] = "two words",
                ["LEGACY"] = "some value",
            }));
            Assert.That(dockerfile.FinalStage.Last("HEALTHCHECK")!.Option("interval"), Is.EqualTo("5s"));
            Assert.That(dockerfile.FinalStage.Last("HEALTHCHECK")!.HealthcheckCommand(), Is.EqualTo(new[] { "bash", "probe", "8000" }));
        });
    }

    [TestCase("")]
    [TestCase("USER root")]
    [TestCase("USER 0:0")]
    public void IsRoot_NoUserOrRoot_IsTrue(string user)
    {
        var dockerfile = Dockerfile.Parse($"FROM mcr.microsoft.com/dotnet/aspnet:10.0\n{user}\n");

        Assert.That(DockerUser.IsRoot(dockerfile.FinalStage.Last("USER")), Is.True);
    }

    [TestCase("USER $APP_UID")]
    [TestCase("USER app")]
    [TestCase("USER 1654:1654")]
    public void IsRoot_UnprivilegedUser_IsFalse(string user)
    {
        var dockerfile = Dockerfile.Parse($"FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER root\n{user}\n");

        Assert.That(DockerUser.IsRoot(dockerfile.FinalStage.Last("USER")), Is.False);
    }
}
