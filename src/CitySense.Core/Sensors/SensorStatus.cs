namespace CitySense.Core.Sensors;

/// <summary>Whether a sensor accepts readings.</summary>
public enum SensorStatus
{
    Active,
    Inactive,
}
