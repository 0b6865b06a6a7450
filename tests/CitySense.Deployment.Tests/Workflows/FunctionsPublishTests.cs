using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// The Functions project as MSBuild evaluates it: any `dotnet publish` (the deploy workflow, azd from a workstation)
/// is ReadyToRun for linux-x64, framework-dependent, while a build or test run stays portable (no runtime identifier),
/// so the DevHost, the tests and `func start` are unaffected; and both hosts run the same garbage collector.
/// </summary>
public sealed class FunctionsPublishTests
{
    private static readonly string Project = RepoPaths.Combine("src", "CitySense.Functions", "CitySense.Functions.csproj");
    private static readonly string DevHostProject = RepoPaths.Combine("src", "CitySense.DevHost", "CitySense.DevHost.csproj");

    [Fact]
    public async Task Publish_Evaluated_ReadyToRunLinuxX64FrameworkDependent()
    {
        var properties = await EvaluateAsync("-p:_IsPublishing=true", "-p:Configuration=Release");

        Assert.Equal("linux-x64", properties["RuntimeIdentifier"]);
        Assert.Equal("true", properties["PublishReadyToRun"]);
        Assert.Equal("false", properties["SelfContained"]);
    }

    [Fact]
    public async Task Build_Evaluated_NoRuntimeIdentifierSoTheOutputStaysPortable()
    {
        var properties = await EvaluateAsync("-p:Configuration=Debug");

        Assert.Equal(string.Empty, properties["RuntimeIdentifier"]);
        Assert.Equal("false", properties["SelfContained"]);
        Assert.DoesNotContain("linux-x64", properties["OutputPath"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageCollector_Evaluated_TheSameServerCollectorInTheFunctionsAppAndTheDevHost()
    {
        var functions = await EvaluateProjectAsync(Project, "-p:Configuration=Release");
        var devHost = await EvaluateProjectAsync(DevHostProject, "-p:Configuration=Release");

        Assert.Equal("true", functions["ServerGarbageCollection"]);
        Assert.Equal(functions["ServerGarbageCollection"], devHost["ServerGarbageCollection"]);
        Assert.Equal(functions["ConcurrentGarbageCollection"], devHost["ConcurrentGarbageCollection"]);
    }

    private static Task<Dictionary<string, string>> EvaluateAsync(params string[] globalProperties) => EvaluateProjectAsync(Project, globalProperties);

    private static async Task<Dictionary<string, string>> EvaluateProjectAsync(string project, params string[] globalProperties)
    {
        string[] names = ["RuntimeIdentifier", "PublishReadyToRun", "SelfContained", "OutputPath", "ServerGarbageCollection", "ConcurrentGarbageCollection"];
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["msbuild", project, "-nologo", .. names.Select(name => $"-getProperty:{name}"), .. globalProperties],
            timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Output);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return names.ToDictionary(name => name, name => document.RootElement.GetProperty("Properties").GetProperty(name).GetString() ?? string.Empty);
    }
}
