namespace CitySense.Core.Sensors;

/// <summary>The result of a conditional write: the sensor as stored afterwards when it was written.</summary>
public sealed record SensorWrite(StoreWriteStatus Status, Sensor? Sensor)
{
    public static SensorWrite NotFound { get; } = new(StoreWriteStatus.NotFound, null);

    public static SensorWrite ConditionFailed { get; } = new(StoreWriteStatus.ConditionFailed, null);

    public static SensorWrite Written(Sensor sensor) => new(StoreWriteStatus.Written, sensor);
}
