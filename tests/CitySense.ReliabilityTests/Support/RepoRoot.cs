namespace CitySense.ReliabilityTests.Support;

/// <summary>The repository's root folder (the one with CitySense.sln), found from the test's output folder.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CitySense.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CitySense.sln was not found above {AppContext.BaseDirectory}.");
    }
}
