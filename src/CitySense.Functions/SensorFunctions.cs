using CitySense.Core;
using CitySense.Core.Access;
using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Functions.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>
/// The sensor registry over HTTP, and sensors near a point. Listings are cacheable for <see cref="Freshness.Listing"/>
/// and carry an ETag of their body; one sensor's ETag is its registration version (for If-Match), which does not
/// change when readings arrive although its latestReadingAt does, so caches must revalidate it before each reuse.
/// </summary>
public sealed class SensorFunctions(SensorService sensors, NearbyService nearby, AccessPolicy access)
{
    [Function(nameof(CreateSensor))]
    public async Task<Results<WithHeaders<Created<SensorResponse>>, ProblemResult>> CreateSensor(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sensors")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => RequestBody.ReadJsonAsync<CreateSensorRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
                .ThenAsync(body => sensors.CreateAsync(caller, body.ToRegistration(), cancellationToken)));
        return outcome.ToResult(request, sensor =>
            TypedResults.Created($"/api/sensors/{sensor.Id}", SensorResponse.From(sensor, CityAccess.Everywhere))
                .WithHeader("ETag", ETags.For(sensor)));
    }

    [Function(nameof(ListSensors))]
    public async Task<Results<Cacheable<WithHeaders<Ok<PageResponse<SensorResponse>>>>, ProblemResult>> ListSensors(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        var parameters = SensorListParameters.Parse(request.Query);
        if (!caller.Succeeded || !parameters.Succeeded)
        {
            return ProblemResults.For(caller.Problem ?? parameters.Problem!, request);
        }

        var visible = await access.ForCallerIdsAsync(caller.Value, cancellationToken);
        if (parameters.Value.Near is { } near)
        {
            var found = await nearby.ListSensorsAsync(near, cancellationToken);
            return found.ToResult(request, page => PageResults.Page(
                page, f => SensorResponse.From(f.Item, visible, Math.Round(f.DistanceMeters, 2)), request).Validated(request, Freshness.Listing));
        }

        var listed = await sensors.ListAsync(parameters.Value.List, cancellationToken);
        return listed.ToResult(request, page => PageResults.Page(page, sensor => SensorResponse.From(sensor, visible), request).Validated(request, Freshness.Listing));
    }

    [Function(nameof(GetSensor))]
    public async Task<Results<Cacheable<WithHeaders<Ok<SensorResponse>>>, ProblemResult>> GetSensor(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        if (!caller.Succeeded)
        {
            return ProblemResults.For(caller.Problem, request);
        }

        var outcome = await QueryValues.SensorId(sensorId).ThenAsync(id => sensors.GetAsync(id, cancellationToken));
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        var visible = await access.ForCallerIdsAsync(caller.Value, cancellationToken);
        return TypedResults.Ok(SensorResponse.From(outcome.Value, visible)).WithHeader("ETag", ETags.For(outcome.Value)).Fresh(request, Freshness.Revalidate);
    }

    [Function(nameof(UpdateSensor))]
    public async Task<Results<WithHeaders<Ok<SensorResponse>>, ProblemResult>> UpdateSensor(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "sensors/{sensorId}")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var expected = ETags.TryGetRequiredVersions(request.Headers.IfMatch, out var versions) ? versions : null;
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => RequestBody.ReadJsonAsync<UpdateSensorRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
                .ThenAsync(body => QueryValues.SensorId(sensorId)
                    .ThenAsync(id => sensors.UpdateAsync(caller, id, body.ToUpdate(expected), cancellationToken))));
        return outcome.ToResult(request, sensor =>
            TypedResults.Ok(SensorResponse.From(sensor, CityAccess.Everywhere)).WithHeader("ETag", ETags.For(sensor)));
    }

    [Function(nameof(DeleteSensor))]
    public async Task<Results<NoContent, ProblemResult>> DeleteSensor(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "sensors/{sensorId}")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SensorId(sensorId).ThenAsync(id => sensors.DeleteAsync(caller, id, cancellationToken)));
        return outcome.ToResult(request, _ => TypedResults.NoContent());
    }
}
