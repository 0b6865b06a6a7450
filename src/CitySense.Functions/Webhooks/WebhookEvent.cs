using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// The body of a delivery (Standard Webhooks: <c>type</c>, <c>timestamp</c>, <c>data</c>): the reading as the API
/// returns it to a public key, with the sensor, its city and where it was; or, for a ping, only the subscription.
/// </summary>
public sealed record WebhookEvent(string Type, DateTimeOffset Timestamp, object Data)
{
    public const string ReadingCreated = "reading.created";

    public const string SubscriptionPing = "subscription.ping";

    public static WebhookEvent Ping(string subscriptionId, DateTimeOffset timestamp) =>
        new(SubscriptionPing, timestamp, new WebhookPingData(subscriptionId));

    public static WebhookEvent For(string subscriptionId, Reading reading, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new WebhookEvent(
            ReadingCreated,
            timestamp,
            new WebhookEventData(subscriptionId, reading.SensorId.ToString(), reading.SensorId.City, reading.Coordinates, ReadingResponse.From(reading)));
    }
}

/// <summary>What a delivery is about.</summary>
public sealed record WebhookEventData(string SubscriptionId, string SensorId, string City, Coordinates Coordinates, ReadingResponse Reading);
