using CitySense.Core.Access;
using CitySense.Core.Geo;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.Functions.Contracts;

/// <summary>One item of <c>GET /readings/latest</c>: a sensor near the point and its latest reading.</summary>
public sealed record LatestNearItem(
    string SensorId,
    string City,
    string Location,
    string Type,
    Coordinates Coordinates,
    double DistanceMeters,
    ReadingResponse Reading)
{
    public static LatestNearItem From(Nearby<Sensor> found, CityAccess visible)
    {
        ArgumentNullException.ThrowIfNull(found);
        var sensor = found.Item;
        var latest = sensor.Latest!;
        return new LatestNearItem(
            sensor.Id.ToString(),
            sensor.Id.City,
            sensor.Id.Location,
            sensor.Id.Type,
            sensor.Coordinates,
            Math.Round(found.DistanceMeters, 2),
            ReadingResponse.From(latest.ToReading(sensor), visible));
    }
}
