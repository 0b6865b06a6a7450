namespace CitySense.Benchmarks.Tests;

/// <summary>Files under Fixtures/, copied next to the test assembly.</summary>
internal static class Fixtures
{
    /// <summary>
    /// A work folder as bench/run.sh leaves it, rebuilt from the figures of the committed bench/RESULTS.md of the full
    /// run at 8fe465a (its own raw outputs were not kept; values that document does not show are made up, among them
    /// startup-r2r.txt, which that run did not measure), with the document those figures give.
    /// </summary>
    public static string LastFullRun => Path.Combine(AppContext.BaseDirectory, "Fixtures", "run-8fe465a");

    public static string Hey(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hey", name));

    /// <summary>A copy of <see cref="LastFullRun"/> that a test may change.</summary>
    public static string CopyOfLastFullRun()
    {
        var copy = Path.Combine(Path.GetTempPath(), "citysense-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(LastFullRun))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }
}
