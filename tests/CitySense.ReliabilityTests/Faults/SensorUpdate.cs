namespace CitySense.ReliabilityTests.Faults;

/// <summary>A PUT of a sensor's registration with a revision number in its metadata, and whether it got a 2xx.</summary>
public sealed record SensorUpdate(string SensorId, int Revision, bool Acknowledged);
