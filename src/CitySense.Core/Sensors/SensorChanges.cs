using System.Text.Json;

namespace CitySense.Core.Sensors;

/// <summary>The mutable part of a registration, as replaced by PUT.</summary>
public sealed record SensorChanges(
    Coordinates Coordinates,
    SensorStatus Status,
    JsonElement Metadata,
    string NewVersion,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);
