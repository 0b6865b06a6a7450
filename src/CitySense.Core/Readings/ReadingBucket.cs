using System.Globalization;
using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>
/// One calendar month (UTC) of one sensor's history. Each bucket is its own storage partition, so a sensor's
/// unbounded history never fills one partition; a reading id is unique within its bucket.
/// </summary>
public readonly record struct ReadingBucket(SensorId SensorId, string Incarnation, int Year, int Month)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{SensorId}|{Incarnation}|{Year:D4}-{Month:D2}");

    public static ReadingBucket For(SensorId sensorId, string incarnation, DateTimeOffset timestamp)
    {
        var utc = timestamp.UtcDateTime;
        return new ReadingBucket(sensorId, incarnation, utc.Year, utc.Month);
    }

    public ReadingBucket Previous() =>
        Month == 1 ? this with { Year = Year - 1, Month = 12 } : this with { Month = Month - 1 };

    public bool IsBefore(ReadingBucket other) => (Year, Month).CompareTo((other.Year, other.Month)) < 0;
}
