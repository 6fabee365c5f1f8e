using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>The build context sent to Docker: sources only.</summary>
public sealed class DockerignoreTests
{
    [TestCase("**/bin/")]   // host build output: restored for the host, with host paths in obj/
    [TestCase("**/obj/")]
    [TestCase(".git/")]
    [TestCase("tests/")]
    [TestCase(".data/")]    // local Redis data of the run scripts
    [TestCase(".env")]      // the operator's secrets for compose
    public void Dockerignore_Excludes(string pattern)
    {
        var patterns = File.ReadAllLines(RepositoryRoot.Combine(".dockerignore")).Select(line => line.Trim());

        Assert.That(patterns, Does.Contain(pattern));
    }
}
