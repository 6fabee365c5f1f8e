namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>One build stage: its base image and the instructions after its <c>FROM</c>.</summary>
internal sealed record DockerfileStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>The last instruction of a kind, the one that wins for USER, ENTRYPOINT or HEALTHCHECK.</summary>
    public DockerInstruction? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>Variables set by ENV, in either form (<c>ENV A=1 B=2</c> or the legacy <c>ENV A 1</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in All("ENV"))
        {
            var words = env.Words();
            if (words.Count > 0 && !words[0].Contains('=', StringComparison.Ordinal))
            {
                environment[words[0]] = string.Join(' ', words.Skip(1));
                continue;
            }

            foreach (var pair in words.Select(word => word.Split('=', 2)))
            {
                environment[pair[0]] = pair.Length > 1 ? pair[1] : "";
            }
        }

        return environment;
    }
}
