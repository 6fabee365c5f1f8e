namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>A Dockerfile read into stages, enough to check what an image runs and how it is built.</summary>
internal sealed record Dockerfile(IReadOnlyList<DockerfileStage> Stages)
{
    /// <summary>The stage that becomes the image.</summary>
    public DockerfileStage FinalStage => Stages[^1];

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        string? image = null;
        string? name = null;
        var instructions = new List<DockerInstruction>();

        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword != "FROM")
            {
                if (image is null)
                {
                    // ARG may come before the first FROM; nothing else may.
                    if (instruction.Keyword != "ARG") { throw new FormatException($"{instruction.Keyword} before FROM."); }
                    continue;
                }

                instructions.Add(instruction);
                continue;
            }

            if (image is not null)
            {
                stages.Add(new DockerfileStage(image, name, instructions));
                instructions = [];
            }

            // FROM [--platform=…] image [AS name]
            var words = instruction.WordsAfterOptions();
            image = words[0];
            name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
        }

        if (image is null)
        {
            throw new FormatException("No FROM.");
        }

        stages.Add(new DockerfileStage(image, name, instructions));
        return new Dockerfile(stages);
    }

    /// <summary>Instructions with comments dropped and backslash-continued lines joined, as Docker reads them.</summary>
    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var pending = new System.Text.StringBuilder();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r', ' ', '\t');
            // Docker skips comment and blank lines, even in the middle of a continued instruction.
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            var instruction = pending.ToString().Trim();
            pending.Clear();
            if (instruction.Length == 0)
            {
                continue;
            }

            var space = instruction.IndexOfAny([' ', '\t']);
            yield return space < 0
                ? new DockerInstruction(instruction.ToUpperInvariant(), "")
                : new DockerInstruction(instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
        }
    }
}
