namespace CitySense.Functions.Webhooks;

/// <summary>How one delivery attempt ended: the receiver's status (none when it was never reached), how long it took, and why it failed.</summary>
public sealed record WebhookDeliveryResult(int? StatusCode, TimeSpan Duration, string? Error)
{
    /// <summary>A 2xx answer; anything else (redirects included) is a failure to retry.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
