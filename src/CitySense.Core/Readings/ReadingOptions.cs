namespace CitySense.Core.Readings;

/// <summary>Settings of reading history (section "Readings").</summary>
public sealed class ReadingOptions
{
    /// <summary>How long history is kept (the readings container's TTL in Azure). Older readings are refused.</summary>
    public int RetentionDays { get; set; } = 365;
}
