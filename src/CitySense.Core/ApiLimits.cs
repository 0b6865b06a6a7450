namespace CitySense.Core;

/// <summary>The documented limits of the public API (docs/api.md lists them).</summary>
public static class ApiLimits
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxBatchBodyBytes = 1024 * 1024;
    public const int MaxBatchItems = 500;
    public const int MaxPayloadBytes = 16 * 1024;
    public const int MaxPayloadProperties = 100;
    public const int MaxPayloadDepth = 8;
    public const int MaxMetadataBytes = 4 * 1024;
    public const int MaxMetadataProperties = 50;
    public const int MaxStringValueLength = 4096;
    public const int MaxCursorLength = 2048;
    public const int DefaultSensorPageSize = 50;
    public const int MaxSensorPageSize = 1000;
    public const int DefaultReadingPageSize = 100;
    public const int MaxReadingPageSize = 1000;
    public const int DefaultAggregatePageSize = 1000;
    public const int MaxAggregatePageSize = 1000;
    public const int DefaultLatestNearPageSize = 50;
    public const int MaxLatestNearPageSize = 200;
    public const int DefaultAuditPageSize = 100;
    public const int MaxAuditPageSize = 1000;
    public const int DefaultOperatorPageSize = 100;
    public const int MaxOperatorPageSize = 1000;
    public const int DefaultSubscriptionPageSize = 50;
    public const int MaxSubscriptionPageSize = 100;
    public const int DefaultDeliveryPageSize = 20;
    public const int MaxDeliveryPageSize = 100;
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);
}
