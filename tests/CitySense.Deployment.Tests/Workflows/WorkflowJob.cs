using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>One job of a workflow.</summary>
public sealed class WorkflowJob(WorkflowFile workflow, string id, YamlMappingNode mapping)
{
    public WorkflowFile Workflow { get; } = workflow;

    public string Id { get; } = id;

    public YamlMappingNode Mapping { get; } = mapping;

    public IReadOnlyList<string> Needs => YamlNodes.Strings(Mapping, "needs");

    public string? Condition => YamlNodes.Scalar(Mapping, "if");

    /// <summary>The GitHub environment, written either as <c>environment: prod</c> or as <c>environment: {name: prod}</c>.</summary>
    public string? EnvironmentName =>
        YamlNodes.Child(Mapping, "environment") switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlMappingNode environment => YamlNodes.Scalar(environment, "name"),
            _ => null,
        };

    public YamlMappingNode? Env => YamlNodes.Mapping(Mapping, "env");

    public YamlMappingNode? Services => YamlNodes.Mapping(Mapping, "services");

    public IReadOnlyList<WorkflowStep> Steps =>
        YamlNodes.Sequence(Mapping, "steps")?.Children.OfType<YamlMappingNode>().Select(step => new WorkflowStep(step)).ToList()
        ?? [];

    /// <summary>The permissions the job's token gets: its own block, else the workflow's.</summary>
    public YamlNode? EffectivePermissions => YamlNodes.Child(Mapping, "permissions") ?? YamlNodes.Child(Workflow.Root, "permissions");

    public bool HasPermission(string scope, string access) =>
        EffectivePermissions switch
        {
            YamlScalarNode all => all.Value == $"{access}-all" || (access == "read" && all.Value == "write-all"),
            YamlMappingNode map => YamlNodes.Scalar(map, scope) is { } granted && (granted == access || (access == "read" && granted == "write")),
            _ => false,
        };

    /// <summary>The steps with local composite actions (<c>uses: ./…</c>) replaced by their own steps.</summary>
    public IReadOnlyList<WorkflowStep> ExpandedSteps() =>
        Steps.SelectMany(step => step.LocalAction() is { } action ? action.CompositeSteps() : [step]).ToList();

    /// <summary>True when a step signs in to Azure (azure/login, azd auth login or az login), directly or in a local action.</summary>
    public bool LogsInToAzure() => ExpandedSteps().Any(step => step.LogsInToAzure);

    public int IndexOfStep(Func<WorkflowStep, bool> predicate)
    {
        var steps = Steps;
        for (var index = 0; index < steps.Count; index++)
        {
            if (predicate(steps[index]))
            {
                return index;
            }
        }

        return -1;
    }

    public override string ToString() => $"{Workflow.Name}:{Id}";
}
