using System.Text.Json;

namespace CitySense.Benchmarks;

/// <summary>How the bench commands write their measurements for the report command to read.</summary>
internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write<T>(string path, T value) => File.WriteAllText(path, JsonSerializer.Serialize(value, Options));

    /// <exception cref="InvalidDataException">The file does not hold a <typeparamref name="T"/>.</exception>
    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} holds no measurements.");
}
