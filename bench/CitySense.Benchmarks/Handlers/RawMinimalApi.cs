using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.Benchmarks.Handlers;

/// <summary>
/// The floor for the handler benchmarks: the ingest and latest endpoints written the way a plain ASP.NET Core
/// minimal API would write them (body binding, a few inline checks, TypedResults), built by the same
/// RequestDelegateFactory that MapPost/MapGet use. It parses, validates and serializes the same JSON and calls the
/// same in-memory stores as the CitySense function classes, without CitySense's layers (RequestBody, Outcome,
/// the services, typed problem results).
/// </summary>
internal static partial class RawMinimalApi
{
    private const int MaxPayloadBytes = 16 * 1024;
    private const int MaxPayloadProperties = 100;
    private const int MaxPayloadDepth = 8;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(365);
    private static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(5);

    public static RequestDelegate Ingest(ISensorStore sensors, IReadingStore readings, IServiceProvider services) =>
        RequestDelegateFactory.Create(
            async Task<IResult> (string sensorId, RawIngestRequest body, CancellationToken cancellationToken) =>
            {
                if (!SensorIdPattern().IsMatch(sensorId))
                {
                    return Invalid("sensorId", "must be {city}.{location}.{type}");
                }

                if (body.Id is not null && !ReadingIdPattern().IsMatch(body.Id))
                {
                    return Invalid("id", "is not a valid reading id");
                }

                var now = DateTimeOffset.UtcNow;
                var timestamp = body.Timestamp ?? now;
                if (timestamp > now + FutureSkew || timestamp < now - Retention)
                {
                    return Invalid("timestamp", "is outside the accepted range");
                }

                if (body.Payload is not { ValueKind: JsonValueKind.Object } payload || CheckPayload(payload) is not null)
                {
                    return Invalid("payload", "must be a JSON object within the limits");
                }

                var parts = sensorId.Split('.');
                var id = new SensorId(parts[0], parts[1], parts[2]);
                var readingId = body.Id ?? Guid.CreateVersion7().ToString("N");
                var sortKey = timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + readingId;
                var latest = new LatestReading { Id = readingId, Timestamp = timestamp, ReceivedAt = now, Payload = payload, SortKey = sortKey };
                var write = await sensors.TryAdvanceLatestAsync(id, latest, cancellationToken);
                if (write.Sensor is not { } sensor)
                {
                    return TypedResults.NotFound();
                }

                var reading = new Reading
                {
                    Id = readingId,
                    SensorId = id,
                    Timestamp = timestamp,
                    ReceivedAt = now,
                    Payload = payload,
                    Coordinates = sensor.Coordinates,
                    SortKey = sortKey,
                };
                var stored = await readings.TryCreateAsync(reading, ReadingBucket.For(id, sensor.Incarnation, timestamp), cancellationToken);
                var response = new RawReadingResponse(readingId, sensorId, timestamp, now, payload, sensor.Coordinates);
                return stored.Created ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
            },
            new RequestDelegateFactoryOptions { ServiceProvider = services, RouteParameterNames = ["sensorId"] }).RequestDelegate;

    public static RequestDelegate Latest(ISensorStore sensors, IServiceProvider services) =>
        RequestDelegateFactory.Create(
            async Task<IResult> (string sensorId, CancellationToken cancellationToken) =>
            {
                if (!SensorIdPattern().IsMatch(sensorId))
                {
                    return Invalid("sensorId", "must be {city}.{location}.{type}");
                }

                var parts = sensorId.Split('.');
                var sensor = await sensors.FindAsync(new SensorId(parts[0], parts[1], parts[2]), cancellationToken);
                return sensor?.Latest is { } latest
                    ? TypedResults.Ok(new RawReadingResponse(latest.Id, sensorId, latest.Timestamp, latest.ReceivedAt, latest.Payload, sensor.Coordinates))
                    : TypedResults.NotFound();
            },
            new RequestDelegateFactoryOptions { ServiceProvider = services, RouteParameterNames = ["sensorId"] }).RequestDelegate;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The same payload limits as CitySense: size, property count, depth, finite numbers, string length.</summary>
    private static string? CheckPayload(JsonElement payload)
    {
        if (System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(payload).Length > MaxPayloadBytes)
        {
            return "too large";
        }

        var properties = 0;
        return Walk(payload, 1, ref properties) ?? (properties is 0 or > MaxPayloadProperties ? "property count" : null);
    }

    private static string? Walk(JsonElement element, int depth, ref int properties)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth > MaxPayloadDepth)
                {
                    return "too deep";
                }

                foreach (var property in element.EnumerateObject())
                {
                    properties++;
                    if (property.Name.Length is 0 or > 256 || Walk(property.Value, depth + 1, ref properties) is { } inner)
                    {
                        return "invalid property";
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (depth > MaxPayloadDepth)
                {
                    return "too deep";
                }

                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, depth + 1, ref properties) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number) ? null : "number";
            case JsonValueKind.String:
                return element.GetString()!.Length > 4096 ? "string" : null;
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^[a-z0-9_-]{1,64}\.[a-z0-9_-]{1,64}\.[a-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SensorIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReadingIdPattern();
}
