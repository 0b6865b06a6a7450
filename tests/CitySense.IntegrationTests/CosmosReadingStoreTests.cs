using CitySense.Core.Readings;

namespace CitySense.IntegrationTests;

public sealed class CosmosReadingStoreTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private IReadingStore Store => fixture.Readings;

    [Fact]
    public async Task TryCreateAsync_SameIdTwice_SecondReturnsOriginal()
    {
        var sensor = TestData.NewSensor();
        var at = DateTimeOffset.UtcNow;
        var original = TestData.Reading(sensor, at, "r-1", value: 1);
        var bucket = ReadingBucket.For(sensor.Id, sensor.Incarnation, at);

        var first = await Store.TryCreateAsync(original, bucket, Ct);
        var second = await Store.TryCreateAsync(TestData.Reading(sensor, at, "r-1", value: 2), bucket, Ct);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(1, second.Reading.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(original.SortKey, second.Reading.SortKey);
        Assert.Equal(sensor.Coordinates, second.Reading.Coordinates);
        var listed = await Store.ListAsync(bucket, "0", "9", 10, Ct);
        Assert.Single(listed);
    }

    [Fact]
    public async Task ListAsync_Range_NewestFirstWithinBoundsAndBucket()
    {
        var sensor = TestData.NewSensor();
        var start = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var bucket = ReadingBucket.For(sensor.Id, sensor.Incarnation, start);
        var readings = Enumerable.Range(0, 10).Select(i => TestData.Reading(sensor, start.AddMinutes(i), value: i)).ToList();
        foreach (var reading in readings)
        {
            await Store.TryCreateAsync(reading, bucket, Ct);
        }

        var otherSensor = TestData.NewSensor();
        var other = TestData.Reading(otherSensor, start.AddMinutes(5));
        await Store.TryCreateAsync(other, ReadingBucket.For(otherSensor.Id, otherSensor.Incarnation, start), Ct);

        var page = await Store.ListAsync(bucket, readings[2].SortKey, readings[8].SortKey, 4, Ct);

        Assert.Equal([7d, 6d, 5d, 4d], page.Select(r => r.Payload.GetProperty("tempC").GetDouble()));
        Assert.All(page, r => Assert.Equal(sensor.Id, r.SensorId));
    }

    [Fact]
    public async Task ListAsync_OtherMonthBucket_NotReturned()
    {
        var sensor = TestData.NewSensor();
        var march = new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero);
        var april = march.AddMinutes(2);
        await Store.TryCreateAsync(TestData.Reading(sensor, march), ReadingBucket.For(sensor.Id, sensor.Incarnation, march), Ct);
        await Store.TryCreateAsync(TestData.Reading(sensor, april), ReadingBucket.For(sensor.Id, sensor.Incarnation, april), Ct);

        var inApril = await Store.ListAsync(ReadingBucket.For(sensor.Id, sensor.Incarnation, april), "0", "9", 10, Ct);

        Assert.Equal(april, Assert.Single(inApril).Timestamp);
    }
}
