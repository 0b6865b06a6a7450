namespace CitySense.Core.Sensors;

/// <summary>How a conditional write to a sensor ended.</summary>
public enum StoreWriteStatus
{
    Written,
    NotFound,
    ConditionFailed,
}
