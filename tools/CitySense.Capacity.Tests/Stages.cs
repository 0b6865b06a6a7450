using CitySense.Capacity;

namespace CitySense.Capacity.Tests;

/// <summary>The repository's stage settings, as the command reads them.</summary>
internal static class Stages
{
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "CitySense.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("The tests run outside the CitySense repository.");
        }
    }

    public static StageSettings Load(string stage) => StageSettings.Load(RepositoryRoot, stage);
}
