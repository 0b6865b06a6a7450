using System.Globalization;
using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>
/// One calendar month (UTC) of one sensor's history. Each bucket is its own storage partition, so a sensor's
/// unbounded history never fills one partition; a reading id is unique within its bucket.
/// </summary>
public readonly record struct ReadingBucket(SensorId SensorId, string Incarnation, int Year, int Month)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{SensorId}|{Incarnation}|{MonthKey}");

    /// <summary>The month as <c>yyyy-MM</c>, as a sensor records the months that hold its readings.</summary>
    public string MonthKey => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    /// <summary>The <c>yyyy-MM</c> month (UTC) of a timestamp.</summary>
    public static string MonthKeyOf(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static ReadingBucket For(SensorId sensorId, string incarnation, DateTimeOffset timestamp)
    {
        var utc = timestamp.UtcDateTime;
        return new ReadingBucket(sensorId, incarnation, utc.Year, utc.Month);
    }

    public ReadingBucket Previous() =>
        Month == 1 ? this with { Year = Year - 1, Month = 12 } : this with { Month = Month - 1 };

    public bool IsBefore(ReadingBucket other) => (Year, Month).CompareTo((other.Year, other.Month)) < 0;
}
