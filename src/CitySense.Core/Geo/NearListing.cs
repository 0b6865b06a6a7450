namespace CitySense.Core.Geo;

/// <summary>The two listings ordered by distance; a cursor of one is never accepted by the other.</summary>
public enum NearListing
{
    /// <summary>Sensors near a point.</summary>
    Sensors,

    /// <summary>The latest reading of each sensor near a point.</summary>
    LatestReadings,
}
