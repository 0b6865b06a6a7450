using System.Diagnostics.CodeAnalysis;

namespace CitySense.Core.Sensors;

/// <summary>A sensor's identity, <c>{city}.{location}.{type}</c>; the city is also its storage partition.</summary>
public readonly record struct SensorId(string City, string Location, string Type)
{
    public const string Rule = "must be {city}.{location}.{type}, each part 1-64 characters of a-z, 0-9, '_' or '-'";

    public override string ToString() => $"{City}.{Location}.{Type}";

    public static bool TryParse([NotNullWhen(true)] string? value, out SensorId id)
    {
        id = default;
        if (value is null || value.Length > 194)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !parts.All(Slug.IsValid))
        {
            return false;
        }

        id = new SensorId(parts[0], parts[1], parts[2]);
        return true;
    }

    public static bool TryCreate(string? city, string? location, string? type, out SensorId id)
    {
        id = default;
        if (!Slug.IsValid(city) || !Slug.IsValid(location) || !Slug.IsValid(type))
        {
            return false;
        }

        id = new SensorId(city!, location!, type!);
        return true;
    }
}
