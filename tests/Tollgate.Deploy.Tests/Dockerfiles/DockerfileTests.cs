using System.Diagnostics;
using Tollgate.Deploy.Tests.Compose;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>Each service's committed Dockerfile: how it is built, what it runs and how it is run.</summary>
public sealed class DockerfileTests
{
    private const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    private const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:10.0";

    private static readonly string[] Services = DeployedServices.Names;

    private static Dockerfile Load(string name) =>
        Dockerfile.Load(RepositoryRoot.Combine(DeployedServices.Named(name).Dockerfile));

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Stages_AreSdkThenAspnet(string name)
    {
        // The SDK (and the sources) stay in the build stage; the image holds the ASP.NET runtime and the app only.
        Assert.That(Load(name).Stages.Select(stage => stage.BaseImage), Is.EqualTo(new[] { SdkImage, RuntimeImage }));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_User_IsNotRoot(string name)
    {
        Assert.That(DockerUser.IsRoot(Load(name).FinalStage.Last("USER")), Is.False);
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Expose_IsTheSpecPort(string name)
    {
        var exposed = Load(name).FinalStage.All("EXPOSE").SelectMany(expose => expose.Words());

        Assert.That(exposed, Is.EqualTo(new[] { $"{DeployedServices.Named(name).Port}" }));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Urls_ListenOnEveryInterfaceAtTheSpecPort(string name)
    {
        var environment = Load(name).FinalStage.Environment();

        Assert.That(ListenUrls.Problems(environment.GetValueOrDefault("ASPNETCORE_URLS"), DeployedServices.Named(name).Port), Is.Empty);
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Healthcheck_ProbesTheLivenessEndpointOnTheSpecPort(string name)
    {
        var service = DeployedServices.Named(name);
        var healthcheck = Load(name).FinalStage.Last("HEALTHCHECK");

        Assert.That(healthcheck?.HealthcheckCommand(), Is.Not.Null.And.Contains($"{service.Port}").And.Contains(service.HealthPath));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Entrypoint_RunsTheServiceAssembly(string name)
    {
        var assembly = ServiceProject.Load(DeployedServices.Named(name).ProjectFile).AssemblyName;

        Assert.That(Load(name).FinalStage.Last("ENTRYPOINT")?.Words(), Is.EqualTo(new[] { "dotnet", $"{assembly}.dll" }));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_CopySources_ExistInTheRepository(string name)
    {
        var sources = Load(name).Stages
            .SelectMany(stage => stage.All("COPY"))
            .Where(copy => copy.Option("from") is null)
            .SelectMany(copy => copy.WordsAfterOptions().SkipLast(1));
        var missing = sources.Where(source => !File.Exists(RepositoryRoot.Combine(source)) && !Directory.Exists(RepositoryRoot.Combine(source)));

        Assert.That(missing, Is.Empty);
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_Restore_DependsOnProjectFilesOnly(string name)
    {
        // Restore is the slow step; copying sources before it would rerun it on every code change.
        var build = Load(name).Stages[0].Instructions;
        var restore = build.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.That(restore, Is.GreaterThanOrEqualTo(0), "an explicit dotnet restore step");

        var copiedBefore = build.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(copy => copy.WordsAfterOptions().SkipLast(1));
        var projectFiles = new[] { ".csproj", ".props", ".targets" };

        Assert.That(copiedBefore, Has.All.Matches<string>(source => projectFiles.Any(ext => source.EndsWith(ext, StringComparison.Ordinal))));
    }

    [TestCaseSource(nameof(Services))]
    public void Dockerfile_CopiesEveryReferencedProject(string name)
    {
        // A project the service references but the image lacks fails only when someone runs docker build.
        var copied = Load(name).Stages[0].All("COPY")
            .SelectMany(copy => copy.WordsAfterOptions().SkipLast(1))
            .Select(source => source.TrimEnd('/'))
            .ToHashSet(StringComparer.Ordinal);
        var needed = ProjectReferences.Closure(DeployedServices.Named(name).ProjectFile);

        Assert.Multiple(() =>
        {
            foreach (var project in needed)
            {
                Assert.That(copied, Does.Contain(project), $"{project} (its project file, before restore)");
                Assert.That(copied, Does.Contain(Path.GetDirectoryName(project)!.Replace('\\', '/')), $"{Path.GetDirectoryName(project)}/ (its sources)");
            }
        });
    }

    [Test]
    public async Task GatewayDockerfile_Publish_ShipsReadyToRunCodeForTheRestoredRuntime()
    {
        // Cold start: a fresh gateway image serves its first requests from precompiled code. ReadyToRun needs a runtime
        // identifier at publish, and a --no-restore publish needs the same one restored.
        var build = Load(DeployedServices.Gateway.Name).Stages[0];
        var restore = build.All("RUN").Single(i => i.Arguments.Contains("dotnet restore", StringComparison.Ordinal)).Words();
        var publish = build.All("RUN").Single(i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Words();
        var runtime = ValueOf(publish, "-r");
        Assert.That(runtime, Is.EqualTo("linux-x64"), "dotnet publish -r");
        Assert.That(ValueOf(restore, "-r"), Is.EqualTo(runtime), "dotnet restore -r");
        Assert.That(ValueOf(publish, "--self-contained"), Is.EqualTo("false"), "on the aspnet image's shared runtime");

        // What the project turns on for that runtime identifier, as MSBuild evaluates it.
        var start = new ProcessStartInfo("dotnet",
            ["msbuild", RepositoryRoot.Combine(DeployedServices.Gateway.ProjectFile), "-getProperty:PublishReadyToRun", $"-p:RuntimeIdentifier={runtime}", "-p:Configuration=Release"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var msbuild = Process.Start(start)!;
        var output = await msbuild.StandardOutput.ReadToEndAsync();
        await msbuild.WaitForExitAsync();
        Assert.That(output.Trim(), Is.EqualTo("true"), "PublishReadyToRun for " + runtime);
    }

    private static string? ValueOf(IReadOnlyList<string> words, string option)
    {
        var at = words.ToList().IndexOf(option);
        return at >= 0 && at + 1 < words.Count ? words[at + 1] : null;
    }
}
