using System.Globalization;
using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.DevHost.Demo;

/// <summary>
/// A recent history for each demo sensor: a reading every 5 minutes over the last 48 hours with plausible values for
/// its type (temperature with a daily cycle, pm25/no2 peaking with rush hours, vehicle counts), the same values for the
/// same sensor and time on every start (no random state), with ids taken from the time so a second start against a
/// kept account adds nothing.
/// </summary>
public static class DemoHistory
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The readings of <paramref name="sensor"/> over <paramref name="span"/>, oldest first, ending at the last
    /// 5-minute mark before <paramref name="now"/>.
    /// </summary>
    public static IEnumerable<BatchItem> For(SensorId sensor, DateTimeOffset now, TimeSpan span)
    {
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Step.Ticks), TimeSpan.Zero);
        var seed = Seed(sensor.ToString());
        for (var time = end - span + Step; time <= end; time += Step)
        {
            yield return new BatchItem(sensor.ToString(), new ReadingDraft
            {
                Id = "demo-" + time.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
                Timestamp = time,
                Payload = Payload(sensor.Type, time, seed),
            });
        }
    }

    private static JsonElement Payload(string type, DateTimeOffset time, uint seed)
    {
        var hour = time.UtcDateTime.TimeOfDay.TotalHours;
        var noise = Noise(seed, time);
        var rush = Math.Exp(-Math.Pow(hour - 13, 2) / 3) + Math.Exp(-Math.Pow(hour - 23, 2) / 3);
        object payload = type switch
        {
            "weather" => new
            {
                tempC = Round(18 + (seed % 8) + (6 * Math.Sin((hour - 15) / 24 * 2 * Math.PI)) + noise),
                humidityPct = Round(60 - (15 * Math.Sin((hour - 15) / 24 * 2 * Math.PI)) + (2 * noise)),
                wind = new { speedMs = Round(3 + Math.Abs(2 * noise)), dirDeg = (int)((seed + (time.ToUnixTimeSeconds() / 3600 * 7)) % 360) },
            },
            "air_quality" => new
            {
                pm25 = Round(8 + (seed % 5) + (10 * rush) + Math.Abs(noise)),
                pm10 = Round(15 + (seed % 7) + (14 * rush) + Math.Abs(2 * noise)),
                no2Ppb = Round(12 + (20 * rush) + Math.Abs(3 * noise)),
            },
            "traffic" => new
            {
                vehicleCount = (int)Math.Round(40 + (seed % 30) + (160 * rush) + (10 * noise)),
                avgSpeedKmh = Round(55 - (25 * rush) + (2 * noise)),
            },
            _ => new { value = Round(10 + noise) },
        };
        return JsonSerializer.SerializeToElement(payload);
    }

    private static double Round(double value) => Math.Round(value, 1);

    /// <summary>A value in [-1, 1) from the sensor and the time alone.</summary>
    private static double Noise(uint seed, DateTimeOffset time)
    {
        // The finaliser of MurmurHash3: every input bit moves every output bit.
        var x = seed ^ (uint)(time.ToUnixTimeSeconds() / 300);
        x ^= x >> 16;
        x *= 0x85ebca6b;
        x ^= x >> 13;
        x *= 0xc2b2ae35;
        x ^= x >> 16;
        return (x / (double)uint.MaxValue * 2) - 1;
    }

    /// <summary>FNV-1a of the id: stable across processes, unlike string.GetHashCode.</summary>
    private static uint Seed(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
