using System.Globalization;
using CitySense.ClientTests.Support;
using CitySense.ContractTests.Support;

namespace CitySense.ClientTests;

/// <summary>
/// The TypeScript client a consumer generates from openapi/openapi.yaml: types from openapi-typescript, calls through
/// openapi-fetch, compiled with tsc --strict (typescript/tsconfig.json), then run in Node.js against the DevHost over
/// loopback. typescript/scenario.mts calls every operation and asserts what it reads; the host records the operations.
/// </summary>
public sealed class TypeScriptClientTests(ClientTestHost host) : IClassFixture<ClientTestHost>
{
    private static readonly string Folder = Path.Combine("tests", "CitySense.ClientTests", "typescript");

    [Fact]
    public async Task Scenario_GeneratedCompiledStrictAndRun_EveryOperationCallableAndItsAnswersReadable()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "typescript");
        var data = new ScenarioData();

        var generated = await Command.RunAsync(
            Repository.NodeTool("openapi-typescript"), Path.Combine("openapi", "openapi.yaml"), "-o", Path.Combine(Folder, "generated", "citysense.d.ts"));
        Assert.True(generated.ExitCode == 0, "openapi-typescript failed: " + generated.StandardOutput + generated.StandardError);

        var compiled = await Command.RunAsync(Repository.NodeTool("tsc"), "-p", Path.Combine(Folder, "tsconfig.json"), "--outDir", output);
        Assert.True(compiled.ExitCode == 0, "tsc --strict found errors:\n" + compiled.StandardOutput + compiled.StandardError);

        var run = await Command.RunAsync(
            "node",
            Path.Combine(output, "scenario.mjs"),
            host.ApiRoot.ToString().TrimEnd('/'),
            data.City,
            data.Point.Lat.ToString(CultureInfo.InvariantCulture),
            data.Point.Lon.ToString(CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, "The TypeScript scenario failed:\n" + run.StandardOutput + run.StandardError);
        Assert.Contains("scenario passed", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{data.SensorId} (0 m)", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(host.Operations.Documented, host.Operations.Called);
    }
}
