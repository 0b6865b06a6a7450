namespace CitySense.Core.Subscriptions;

/// <summary>One attempt of a delivery: when, the receiver's status (none when it was not reached), how long, and why it failed. Never the response body.</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, double DurationMs, string? Error);
