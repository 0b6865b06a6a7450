using CitySense.Core.Problems;

namespace CitySense.Core.Sensors;

/// <summary>The problems about one sensor that more than one service reports.</summary>
public static class SensorProblems
{
    public static Problem Unknown(SensorId id) => Problem.NotFound($"No sensor with id '{id}' is registered.");

    public static Problem Inactive(SensorId id) => new(
        ProblemKind.SensorInactive,
        "The sensor is inactive.",
        $"Sensor '{id}' is inactive and does not accept readings; set its status to 'active' first.");

    public static Problem Exists(SensorId id) => new(
        ProblemKind.SensorExists,
        "The sensor already exists.",
        $"A sensor with id '{id}' is already registered; change it with PUT /sensors/{id}.");

    public static Problem Changed(SensorId id) => new(
        ProblemKind.PreconditionFailed,
        "The sensor has changed.",
        $"If-Match does not match the current ETag of sensor '{id}'; GET it again and retry with the new ETag.");
}
