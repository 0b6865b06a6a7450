namespace CitySense.Core.Sensors;

/// <summary>How a conditional write (to a sensor, a grant, a delivery record) ended.</summary>
public enum StoreWriteStatus
{
    Written,
    NotFound,
    ConditionFailed,
}
