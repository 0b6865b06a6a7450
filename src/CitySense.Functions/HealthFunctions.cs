using System.Reflection;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>Liveness that means something: it answers 200 only when the database answers.</summary>
public sealed class HealthFunctions(ISensorStore store)
{
    private static readonly string Version =
        typeof(HealthFunctions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    [Function(nameof(GetHealth))]
    public async Task<Ok<HealthResponse>> GetHealth(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        // A store outage surfaces as StoreUnavailableException: 503 with Retry-After, mapped in one place.
        await store.PingAsync(cancellationToken);
        return TypedResults.Ok(new HealthResponse("healthy", Version));
    }
}
