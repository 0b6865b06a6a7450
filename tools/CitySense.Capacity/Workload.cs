namespace CitySense.Capacity;

/// <summary>What CitySense is asked to carry, as the capacity command reads it from its command line.</summary>
internal sealed record Workload
{
    /// <summary>Sensors of each city, one entry per city.</summary>
    public required IReadOnlyList<int> SensorsPerCity { get; init; }

    /// <summary>Every sensor sends one reading this often.</summary>
    public required TimeSpan ReadingInterval { get; init; }

    /// <summary>Latest-reading requests per second over all readers, spread evenly over the sensors.</summary>
    public required double LatestReadsPerSecond { get; init; }

    /// <summary>Readings per ingest request: 1 for single ingest, up to 500 with the batch API.</summary>
    public int ReadingsPerRequest { get; init; } = 1;

    /// <summary>Hourly peak ÷ average of every rate (1.5: readings spread over the minute, as in docs/cost.md).</summary>
    public double PeakFactor { get; init; } = 1.5;

    /// <summary>Future: webhook deliveries per stored reading (0 until webhooks exist).</summary>
    public double WebhooksPerReading { get; init; }

    /// <summary>Future: aggregate reads per second (0 until aggregates exist).</summary>
    public double AggregateReadsPerSecond { get; init; }

    public Partitioning Partitioning { get; init; } = Partitioning.Id;

    public int Cities => SensorsPerCity.Count;

    public long Sensors => SensorsPerCity.Sum(count => (long)count);

    public int LargestCity => SensorsPerCity.Count == 0 ? 0 : SensorsPerCity.Max();

    /// <summary>Readings per second over all sensors, on average.</summary>
    public double ReadingsPerSecond => Sensors / ReadingInterval.TotalSeconds;
}
