namespace CitySense.Core.Subscriptions;

/// <summary>A filter's circle as a caller sent it: centre and radius in metres, all three required.</summary>
public sealed record NearDraft
{
    public double? Lat { get; init; }

    public double? Lon { get; init; }

    public double? Radius { get; init; }
}
