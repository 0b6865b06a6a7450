using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>A GitHub Actions workflow, or a composite action's metadata, parsed with YamlDotNet.</summary>
public sealed class WorkflowFile
{
    private WorkflowFile(string name, string text, YamlMappingNode root)
    {
        Name = name;
        Text = text;
        Root = root;
        Jobs = YamlNodes.Mapping(root, "jobs") is { } jobs
            ? jobs.Children.Select(job => new WorkflowJob(this, YamlNodes.Text(job.Key), (YamlMappingNode)job.Value)).ToList()
            : [];
    }

    /// <summary>The file name, e.g. <c>deploy.yml</c>.</summary>
    public string Name { get; }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    public IReadOnlyList<WorkflowJob> Jobs { get; }

    /// <summary>The <c>name:</c> GitHub shows and <c>workflow_run</c> triggers refer to.</summary>
    public string? DisplayName => YamlNodes.Scalar(Root, "name");

    /// <summary>The <c>on:</c> mapping (YAML 1.2 keeps <c>on</c> a string key).</summary>
    public YamlMappingNode? Triggers => YamlNodes.Mapping(Root, "on");

    public YamlMappingNode? Permissions => YamlNodes.Mapping(Root, "permissions");

    public static string WorkflowsDirectory => RepoPaths.Combine(".github", "workflows");

    /// <summary>Every workflow file of the repository, in a stable order.</summary>
    public static IReadOnlyList<WorkflowFile> All() => [.. WorkflowPaths().Select(Load)];

    public static IReadOnlyList<string> WorkflowPaths() =>
        [.. Directory.EnumerateFiles(WorkflowsDirectory)
            .Where(path => path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>Every workflow plus every local composite action (.github/actions/*/action.yml).</summary>
    public static IReadOnlyList<WorkflowFile> AllWithActions() =>
        [.. All(), .. Directory.EnumerateFiles(RepoPaths.Combine(".github", "actions"), "action.y*ml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(Load)];

    public static WorkflowFile Named(string fileName) => Load(Path.Combine(WorkflowsDirectory, fileName));

    public static WorkflowFile Load(string path) => Parse(Path.GetFileName(path), File.ReadAllText(path));

    public static WorkflowFile Parse(string name, string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        var root = stream.Documents.Single().RootNode as YamlMappingNode
            ?? throw new InvalidOperationException($"{name} is not a YAML mapping.");
        return new WorkflowFile(name, yaml, root);
    }

    public WorkflowJob Job(string id) =>
        Jobs.SingleOrDefault(job => job.Id == id)
        ?? throw new InvalidOperationException($"{Name} has no job '{id}'.");

    /// <summary>The steps of a composite action (<c>runs.steps</c>).</summary>
    public IReadOnlyList<WorkflowStep> CompositeSteps() =>
        YamlNodes.Mapping(Root, "runs") is { } runs && YamlNodes.Sequence(runs, "steps") is { } steps
            ? steps.Children.OfType<YamlMappingNode>().Select(step => new WorkflowStep(step)).ToList()
            : [];
}
