using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// Runs the Bicep CLI once for every test class in the Bicep collection, all invocations at once:
/// build of main.bicep (which also runs the linter over every module it references) and a snapshot
/// of every stage. Failures are kept, not thrown, so each test reports the CLI output that concerns it.
/// </summary>
public sealed class BicepDeployment : IAsyncLifetime
{
    /// <summary>Fixed inputs so snapshots do not depend on the machine's environment.</summary>
    public const string SubscriptionId = "5e05c1d5-0000-4000-8000-c17c5e05ab1e";
    public const string TenantId = "7e7a0c1d-0000-4000-8000-c17c5e05ab1e";
    public const string Location = "swedencentral";
    public const string DeployerPrincipalId = "de910e12-0000-4000-8000-c17c5e05ab1e";
    public const string OperatorEmail = "operators@citysense.test";

    private readonly Dictionary<string, ProcessResult> snapshotRuns = [];
    private readonly Dictionary<string, DeploymentSnapshot> snapshots = [];
    private DirectoryInfo? workspace;

    public static string BicepDirectory => RepoPaths.Combine("bicep");

    /// <summary>bicep build of main.bicep: the ARM JSON on stdout, compiler and linter diagnostics on stderr.</summary>
    public ProcessResult MainBuild { get; private set; } = null!;

    /// <summary>The compiled ARM template of main.bicep (modules nested as deployments).</summary>
    public JsonElement MainTemplate
    {
        get
        {
            Assert.True(MainBuild.ExitCode == 0, $"bicep build failed:{Environment.NewLine}{MainBuild.StandardError}");
            return JsonDocument.Parse(MainBuild.StandardOutput).RootElement;
        }
    }

    public DeploymentSnapshot Snapshot(string stage)
    {
        if (snapshots.TryGetValue(stage, out var snapshot))
        {
            return snapshot;
        }

        var run = snapshotRuns[stage];
        Assert.Fail($"bicep snapshot of stages/{stage}.bicepparam failed ({run.ExitCode}):{Environment.NewLine}{run.Output}");
        return null!;
    }

    public async Task InitializeAsync()
    {
        workspace = CreateWorkspace();
        var stages = StageExpectation.All.Select(expectation => expectation.Stage).ToList();

        var build = BicepCli.RunAsync(BicepDirectory, "build", "main.bicep", "--stdout");
        var snapshotTasks = stages.ToDictionary(stage => stage, stage => RunSnapshotAsync(workspace, stage));
        await Task.WhenAll([build, .. snapshotTasks.Values]);

        MainBuild = await build;
        foreach (var stage in stages)
        {
            snapshotRuns[stage] = await snapshotTasks[stage];
            var file = Path.Combine(workspace.FullName, "bicep", "stages", stage + ".snapshot.json");
            if (snapshotRuns[stage].ExitCode == 0 && File.Exists(file))
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
                snapshots[stage] = new DeploymentSnapshot(document.RootElement.Clone());
            }
        }
    }

    public Task DisposeAsync()
    {
        workspace?.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static Task<ProcessResult> RunSnapshotAsync(DirectoryInfo workspace, string stage)
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "citysense-" + stage,
            ["AZURE_LOCATION"] = Location,
            ["AZURE_PRINCIPAL_ID"] = DeployerPrincipalId,
            ["CITYSENSE_OPERATOR_EMAIL"] = OperatorEmail,
        };

        return BicepCli.RunAsync(
            Path.Combine(workspace.FullName, "bicep"),
            environment,
            "snapshot",
            Path.Combine("stages", stage + ".bicepparam"),
            "--mode", "overwrite",
            "--subscription-id", SubscriptionId,
            "--tenant-id", TenantId,
            "--location", Location,
            "--deployment-name", "citysense-" + stage);
    }

    /// <summary>
    /// "bicep snapshot" writes its result next to the parameters file, so it runs on a copy: bicep/
    /// plus the files outside it that the templates load (the Cosmos data model and the OpenAPI document).
    /// </summary>
    private static DirectoryInfo CreateWorkspace()
    {
        var root = Directory.CreateTempSubdirectory("citysense-bicep-");
        foreach (var file in Directory.GetFiles(BicepDirectory, "*", SearchOption.AllDirectories))
        {
            if (!file.EndsWith(".snapshot.json", StringComparison.Ordinal))
            {
                Copy(Path.GetRelativePath(RepoPaths.Root, file));
            }
        }

        Copy(Path.Combine("src", "CitySense.Cosmos", "containers.json"));
        Copy(Path.Combine("openapi", "openapi.json"));
        return root;

        void Copy(string relativePath)
        {
            var target = Path.Combine(root.FullName, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepoPaths.Combine(relativePath), target);
        }
    }
}
