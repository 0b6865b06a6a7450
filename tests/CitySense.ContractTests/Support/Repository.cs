namespace CitySense.ContractTests.Support;

/// <summary>Files of the repository checkout the tests run from.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds CitySense.sln.</summary>
    public static string Root => RootPath.Value;

    public static string OpenApiPath => Path.Combine(Root, "openapi", "openapi.yaml");

    public static string OpenApiYaml => File.ReadAllText(OpenApiPath);

    /// <summary>A tool installed by <c>npm ci</c> at the repository root.</summary>
    public static string NodeTool(string name)
    {
        var path = Path.Combine(Root, "node_modules", ".bin", name);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"'{name}' is not installed at {path}. Run 'npm ci' in the repository root (scripts/test.sh does).");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CitySense.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CitySense.sln was not found above " + AppContext.BaseDirectory);
    }
}
