namespace CitySense.Functions.Webhooks;

/// <summary>A delivery's target resolved to an address the <see cref="Core.Webhooks.WebhookTargetGuard"/> refuses: no connection was made.</summary>
public sealed class WebhookTargetRefusedException : Exception
{
    public WebhookTargetRefusedException()
    {
    }

    public WebhookTargetRefusedException(string message)
        : base(message)
    {
    }

    public WebhookTargetRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
