using System.Text.Json;

namespace CitySense.Deployment.Tests.Support;

/// <summary>Locates files in the repository checkout the tests run from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds CitySense.sln.</summary>
    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static JsonElement ReadJson(params string[] parts)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Combine(parts)));
        return document.RootElement.Clone();
    }

    /// <summary>A tool installed by <c>npm ci</c> at the repository root.</summary>
    public static string NodeTool(string name)
    {
        var path = Combine("node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"'{name}' is not installed at {path}. Run 'npm ci' in the repository root (scripts/test.sh does).");
        }

        return path;
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
