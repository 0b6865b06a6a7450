using CitySense.Capacity;

// docs/capacity.md: a workload in, RU/s per container and per hottest partition, what to provision, the monthly cost and
// the first limit hit out. Run from anywhere in the repository:
//   dotnet run --project tools/CitySense.Capacity -- --cities 100 --sensors-per-city 10000 --interval 1m --latest-reads 1000
CommandLine command;
try
{
    command = CommandLine.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var stage = command.SettingsPath is { } path
    ? StageSettings.Parse(command.Stage, File.ReadAllText(path))
    : StageSettings.Load(RepositoryRoot(), command.Stage);
Console.Write(CapacityReport.Render(CapacityModel.Evaluate(command.Workload, stage)));
return 0;

// The folder holding CitySense.sln, above the working directory or else above this program.
static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CitySense.sln")))
            {
                return folder.FullName;
            }
        }
    }

    throw new InvalidOperationException("Run from the CitySense repository, or pass --settings bicep/stages/<stage>.settings.json.");
}
