using YamlDotNet.RepresentationModel;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>A docker-compose.yml, read into the shapes <see cref="ComposeService"/> describes.</summary>
internal sealed record ComposeFile(
    IReadOnlyDictionary<string, ComposeService> Services,
    IReadOnlyList<string> Volumes,
    IReadOnlyList<string> Networks)
{
    public static ComposeFile Load(string path) => Parse(File.ReadAllText(path));

    public static ComposeFile Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;

        var services = Mapping(Child(root, "services"))
            .ToDictionary(entry => entry.Key, entry => ReadService(entry.Key, (YamlMappingNode)entry.Value), StringComparer.Ordinal);
        var volumes = Mapping(Child(root, "volumes")).Select(entry => entry.Key).ToList();
        var networks = Mapping(Child(root, "networks")).Select(entry => entry.Key).ToList();
        return new ComposeFile(services, volumes, networks);
    }

    private static ComposeService ReadService(string name, YamlMappingNode node) => new(
        name,
        Scalar(Child(node, "image")),
        ReadBuild(Child(node, "build")),
        ReadCommand(Child(node, "command")),
        ReadEnvironment(Child(node, "environment")),
        Strings(Child(node, "ports")),
        Strings(Child(node, "volumes")),
        ReadDependsOn(Child(node, "depends_on")),
        ReadHealthcheck(Child(node, "healthcheck")),
        Scalar(Child(node, "restart")),
        ReadNetworks(Child(node, "networks")),
        Strings(Child(node, "profiles")));

    // The list form, or the mapping form whose keys are the networks (values hold aliases and the like).
    // A service that names none is on the project's "default" network, as compose does.
    private static List<string> ReadNetworks(YamlNode? node) => node switch
    {
        null => ["default"],
        YamlMappingNode map => [.. map.Children.Keys.Select(key => Scalar(key)!)],
        _ => Strings(node),
    };

    private static ComposeBuild? ReadBuild(YamlNode? node) => node switch
    {
        null => null,
        YamlScalarNode context => new ComposeBuild(context.Value ?? ".", "Dockerfile"),
        YamlMappingNode build => new ComposeBuild(
            Scalar(Child(build, "context")) ?? ".",
            Scalar(Child(build, "dockerfile")) ?? "Dockerfile"),
        _ => throw new FormatException("build must be a string or a mapping."),
    };

    // A string command is split on spaces as compose does for simple commands; the list form is exact.
    private static List<string> ReadCommand(YamlNode? node) => node is YamlScalarNode command
        ? [.. (command.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)]
        : Strings(node);

    // Both forms compose accepts: a mapping, or a list of NAME=value.
    private static Dictionary<string, string> ReadEnvironment(YamlNode? node) => node switch
    {
        null => [],
        YamlMappingNode map => map.Children.ToDictionary(e => Scalar(e.Key)!, e => Scalar(e.Value) ?? "", StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(item => Scalar(item)!.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.Ordinal),
        _ => throw new FormatException("environment must be a mapping or a list."),
    };

    // The short list form waits only for the start; the long form names the condition.
    private static Dictionary<string, string> ReadDependsOn(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode list => list.Children.ToDictionary(item => Scalar(item)!, _ => "service_started", StringComparer.Ordinal),
        YamlMappingNode map => map.Children.ToDictionary(
            e => Scalar(e.Key)!,
            e => Scalar(Child(e.Value as YamlMappingNode, "condition")) ?? "service_started",
            StringComparer.Ordinal),
        _ => throw new FormatException("depends_on must be a list or a mapping."),
    };

    private static List<string>? ReadHealthcheck(YamlNode? node)
    {
        if (node is not YamlMappingNode healthcheck || Scalar(Child(healthcheck, "disable")) == "true")
        {
            return null;
        }

        var test = ReadCommand(Child(healthcheck, "test"));
        return test is ["NONE", ..] ? null : test;
    }

    private static YamlNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static IEnumerable<KeyValuePair<string, YamlNode>> Mapping(YamlNode? node) => node is YamlMappingNode map
        ? map.Children.Select(e => KeyValuePair.Create(Scalar(e.Key)!, e.Value))
        : [];

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    private static List<string> Strings(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode list => [.. list.Children.Select(item => Scalar(item)
            ?? throw new FormatException($"Only short-syntax entries are read, not {item}."))],
        _ => throw new FormatException($"Expected a list, not {node}."),
    };
}
