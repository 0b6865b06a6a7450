using CitySense.Core.Subscriptions;

namespace CitySense.UnitTests.Subscriptions;

public sealed class DeliveryBackoffTests
{
    [Fact]
    public void Bound_Defaults_OneThreeNineTwentySevenEightyOneMinutes()
    {
        var options = new WebhookOptions();

        var bounds = Enumerable.Range(1, options.MaxAttempts - 1).Select(attempt => DeliveryBackoff.Bound(attempt, options));

        Assert.Equal([1, 3, 9, 27, 81], bounds.Select(bound => bound.TotalMinutes));
    }

    [Fact]
    public void MaxSpan_Defaults_SixAttemptsWithinAboutTwoHours()
    {
        var span = DeliveryBackoff.MaxSpan(new WebhookOptions());

        Assert.Equal(TimeSpan.FromMinutes(121), span);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void Delay_AnySample_FromZeroToBelowTheBoundInProportion(double sample)
    {
        var options = new WebhookOptions();

        for (var attempt = 1; attempt < options.MaxAttempts; attempt++)
        {
            var bound = DeliveryBackoff.Bound(attempt, options);
            var delay = DeliveryBackoff.Delay(attempt, options, sample);

            Assert.InRange(delay, TimeSpan.Zero, bound);
            Assert.True(delay < bound || bound == TimeSpan.Zero);
            var expected = (long)(bound.Ticks * sample);
            Assert.InRange(delay.Ticks, expected - 1, expected + 1);
        }
    }

    [Fact]
    public void Delay_RandomSamples_SpreadOverTheWholeRange()
    {
        var options = new WebhookOptions();
        var delays = Enumerable.Range(0, 1000).Select(_ => DeliveryBackoff.Delay(3, options, Random.Shared.NextDouble())).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromMinutes(9)));
        Assert.Contains(delays, delay => delay < TimeSpan.FromMinutes(3));
        Assert.Contains(delays, delay => delay > TimeSpan.FromMinutes(6));
    }

    [Fact]
    public void Bound_LateAttempt_CappedAtMaxRetryDelay()
    {
        var options = new WebhookOptions { MaxAttempts = 12, MaxRetryDelay = TimeSpan.FromMinutes(30) };

        Assert.Equal(TimeSpan.FromMinutes(30), DeliveryBackoff.Bound(11, options));
        Assert.Equal(TimeSpan.FromMinutes(27), DeliveryBackoff.Bound(4, options));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void Delay_SampleOutsideZeroToOne_Refused(double sample) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryBackoff.Delay(1, new WebhookOptions(), sample));
}
