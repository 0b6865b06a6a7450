using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitySense.Core.Sensors;

/// <summary>A sensor's registration fields as the audit trail keeps them: coordinates, status and metadata.</summary>
public static class SensorAuditState
{
    public static JsonElement Of(Coordinates coordinates, SensorStatus status, JsonElement metadata)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        var state = new JsonObject
        {
            ["coordinates"] = new JsonObject { ["lat"] = coordinates.Lat, ["lon"] = coordinates.Lon },
            ["status"] = status == SensorStatus.Active ? "active" : "inactive",
            ["metadata"] = JsonNode.Parse(metadata.ValueKind == JsonValueKind.Object ? metadata.GetRawText() : "{}"),
        };
        return JsonSerializer.SerializeToElement(state);
    }

    public static JsonElement Of(Sensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        return Of(sensor.Coordinates, sensor.Status, sensor.Metadata ?? default);
    }

    public static (Coordinates Coordinates, SensorStatus Status, JsonElement Metadata) Read(JsonElement state)
    {
        var coordinates = state.GetProperty("coordinates");
        return (
            new Coordinates(coordinates.GetProperty("lat").GetDouble(), coordinates.GetProperty("lon").GetDouble()),
            state.GetProperty("status").GetString() == "active" ? SensorStatus.Active : SensorStatus.Inactive,
            state.GetProperty("metadata").Clone());
    }
}
