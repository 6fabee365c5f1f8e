using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Deploy.Tests.Dockerfiles;

/// <summary>One Dockerfile instruction, continuation lines joined.</summary>
/// <param name="Keyword">Upper-case instruction name, e.g. <c>COPY</c>.</param>
/// <param name="Arguments">Everything after the keyword.</param>
internal sealed partial record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>
    /// The arguments as words: a JSON array (exec form) as its items, otherwise split on unquoted
    /// whitespace with the quotes removed.
    /// </summary>
    public IReadOnlyList<string> Words() => Split(Arguments);

    /// <summary><see cref="Words"/> of what follows the leading <c>--flag</c> options.</summary>
    public IReadOnlyList<string> WordsAfterOptions() => Split(LeadingOptions().Replace(Arguments, ""));

    /// <summary>A HEALTHCHECK's command (after <c>CMD</c>, in exec or shell form) as words; null for <c>NONE</c>.</summary>
    public IReadOnlyList<string>? HealthcheckCommand()
    {
        var rest = LeadingOptions().Replace(Arguments, "");
        if (rest.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return rest.StartsWith("CMD ", StringComparison.OrdinalIgnoreCase)
            ? Split(rest[4..])
            : throw new FormatException($"HEALTHCHECK {Arguments} has no CMD.");
    }

    /// <summary>Value of a leading <c>--name=value</c> option, if given.</summary>
    public string? Option(string name) => Words()
        .TakeWhile(word => word.StartsWith("--", StringComparison.Ordinal))
        .Select(word => word.Split('=', 2))
        .Where(pair => pair[0] == $"--{name}")
        .Select(pair => pair.Length > 1 ? pair[1] : "")
        .FirstOrDefault();

    [GeneratedRegex(@"^(?:--\S+\s+)*")]
    private static partial Regex LeadingOptions();

    private static IReadOnlyList<string> Split(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            return JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
        }

        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in trimmed)
        {
            if (quote is not null)
            {
                if (c == quote) { quote = null; } else { current.Append(c); }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
