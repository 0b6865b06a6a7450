using CitySense.Core.Sensors;

namespace CitySense.Cosmos.Documents;

/// <summary>A GeoJSON Point, [longitude, latitude], as Cosmos DB spatial functions expect.</summary>
internal sealed record GeoJsonPoint
{
    public string Type { get; init; } = "Point";

    public required double[] Coordinates { get; init; }

    public static GeoJsonPoint From(Coordinates coordinates) => new() { Coordinates = [coordinates.Lon, coordinates.Lat] };

    public Coordinates ToCoordinates() => new(Coordinates[1], Coordinates[0]);
}
