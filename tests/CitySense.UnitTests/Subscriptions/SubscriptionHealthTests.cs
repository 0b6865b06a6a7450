using CitySense.Core.Subscriptions;

namespace CitySense.UnitTests.Subscriptions;

public sealed class SubscriptionHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DisableAfter = TimeSpan.FromHours(24);

    [Theory]
    [InlineData(null, true, SubscriptionHealthChange.None)]
    [InlineData(null, false, SubscriptionHealthChange.StartedFailing)]
    [InlineData(1.0, true, SubscriptionHealthChange.Recovered)]
    [InlineData(1.0, false, SubscriptionHealthChange.None)]
    [InlineData(23.99, false, SubscriptionHealthChange.None)]
    [InlineData(24.0, false, SubscriptionHealthChange.Disable)]
    [InlineData(30.0, true, SubscriptionHealthChange.Recovered)]
    public void After_ActiveSubscription_WritesOnlyOnTransitions(double? failingForHours, bool succeeded, SubscriptionHealthChange expected)
    {
        var subscription = Subscription() with { FailingSince = failingForHours is { } hours ? Now.AddHours(-hours) : null };

        Assert.Equal(expected, SubscriptionHealth.After(subscription, succeeded, Now, DisableAfter));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void After_DisabledSubscription_NoChange(bool succeeded)
    {
        var subscription = Subscription() with { Status = SubscriptionStatus.Disabled, FailingSince = Now.AddDays(-3) };

        Assert.Equal(SubscriptionHealthChange.None, SubscriptionHealth.After(subscription, succeeded, Now, DisableAfter));
    }

    private static Subscription Subscription() => new()
    {
        Id = "sub_" + Guid.NewGuid().ToString("N"),
        OwnerId = "reader",
        Url = "https://hooks.example.com/in",
        Filter = new SubscriptionFilter { City = "austin" },
        Secret = "whsec_x",
        Version = "v1",
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
