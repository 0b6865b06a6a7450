namespace CitySense.Functions.Telemetry;

/// <summary>Settings of telemetry (section "Telemetry").</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// The share of successful traces exported, from 0 to 1 (whole traces, chosen by trace id). Failed traces are
    /// always exported, whatever this says. 1 exports everything.
    /// </summary>
    public double SuccessSamplingRatio { get; set; } = 1.0;
}
