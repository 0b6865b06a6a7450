namespace CitySense.Core.Problems;

/// <summary>The kinds of failure CitySense reports to clients; each maps to one HTTP status and problem type.</summary>
public enum ProblemKind
{
    Validation,
    MalformedJson,
    UnsupportedMediaType,
    Unauthorized,
    Forbidden,
    CityForbidden,
    NotFound,
    SensorExists,
    SensorInactive,
    SubscriptionLimit,
    DeliveryConflict,
    PreconditionFailed,
    PayloadTooLarge,
    ServiceUnavailable,
    Internal,
}
