namespace CitySense.Functions.Webhooks;

/// <summary>A delivery did not get a 2xx answer: thrown so the queue message is attempted again.</summary>
public sealed class WebhookDeliveryFailedException : Exception
{
    public WebhookDeliveryFailedException()
    {
    }

    public WebhookDeliveryFailedException(string message)
        : base(message)
    {
    }

    public WebhookDeliveryFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
