using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>One step of a job or of a composite action.</summary>
public sealed class WorkflowStep(YamlMappingNode mapping)
{
    private static readonly string[] ActionFileNames = ["action.yml", "action.yaml"];

    public YamlMappingNode Mapping { get; } = mapping;

    public string? Name => YamlNodes.Scalar(Mapping, "name");

    public string? Uses => YamlNodes.Scalar(Mapping, "uses");

    public string? Run => YamlNodes.Scalar(Mapping, "run");

    public string? Condition => YamlNodes.Scalar(Mapping, "if");

    public string? Shell => YamlNodes.Scalar(Mapping, "shell");

    public YamlMappingNode? With => YamlNodes.Mapping(Mapping, "with");

    public YamlMappingNode? Env => YamlNodes.Mapping(Mapping, "env");

    /// <summary>The action without its version: <c>actions/checkout</c> for <c>actions/checkout@v6</c>.</summary>
    public string? Action => Uses?.Split('@')[0];

    public bool UsesAction(string action) => string.Equals(Action, action, StringComparison.OrdinalIgnoreCase);

    public string? Input(string name) => YamlNodes.Scalar(With, name);

    public bool RunContains(string text) => Run?.Contains(text, StringComparison.Ordinal) == true;

    public bool LogsInToAzure =>
        UsesAction("azure/login")
        || RunContains("azd auth login")
        || RunContains("az login");

    /// <summary>The metadata of the local composite action this step uses, if it uses one.</summary>
    public WorkflowFile? LocalAction()
    {
        if (Uses is not { } uses || !uses.StartsWith("./", StringComparison.Ordinal))
        {
            return null;
        }

        var directory = RepoPaths.Combine(uses[2..].Split('/'));
        var path = ActionFileNames.Select(file => Path.Combine(directory, file)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"The local action {uses} has no action.yml.");
        return WorkflowFile.Load(path);
    }

    public override string ToString() => Name ?? Uses ?? Run?.Split('\n')[0] ?? "(step)";
}
