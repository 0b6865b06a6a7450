using CitySense.Core;
using CitySense.Core.Paging;
using CitySense.Core.Sensors;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>The sensor registry over HTTP.</summary>
public sealed class SensorFunctions(SensorService sensors)
{
    [Function(nameof(CreateSensor))]
    public async Task<IActionResult> CreateSensor(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sensors")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CreateSensorRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return ProblemResults.For(body.Problem, request);
        }

        var outcome = await sensors.CreateAsync(body.Value, cancellationToken);
        return outcome.Map(request, sensor =>
            WithETag(new ApiResult(StatusCodes.Status201Created, SensorResponse.From(sensor)), sensor)
                .WithHeader("Location", $"/api/sensors/{sensor.Id}"));
    }

    [Function(nameof(ListSensors))]
    public async Task<IActionResult> ListSensors(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new SensorListQuery
        {
            City = request.Query["city"],
            Type = request.Query["type"],
            Status = request.Query["status"],
            Limit = request.Query["limit"],
            Cursor = request.Query["cursor"],
            Near = request.Query["near"],
            Radius = request.Query["radius"],
            Bbox = request.Query["bbox"],
        };
        var outcome = await sensors.ListAsync(query, cancellationToken);
        return outcome.Map(request, page => ApiResults.Page(
            new PageResponse<SensorResponse>(
                [.. page.Items.Select(item => SensorResponse.From(item.Sensor, item.DistanceMeters is { } d ? Math.Round(d, 2) : null))],
                page.NextCursor),
            page.NextCursor,
            request));
    }

    [Function(nameof(GetSensor))]
    public async Task<IActionResult> GetSensor(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await sensors.GetAsync(sensorId, cancellationToken);
        return outcome.Map(request, sensor => WithETag(ApiResults.Ok(SensorResponse.From(sensor)), sensor));
    }

    [Function(nameof(UpdateSensor))]
    public async Task<IActionResult> UpdateSensor(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "sensors/{sensorId}")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<UpdateSensorRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return ProblemResults.For(body.Problem, request);
        }

        var outcome = await sensors.UpdateAsync(sensorId, body.Value, request.Headers.IfMatch, cancellationToken);
        return outcome.Map(request, sensor => WithETag(ApiResults.Ok(SensorResponse.From(sensor)), sensor));
    }

    [Function(nameof(DeleteSensor))]
    public async Task<IActionResult> DeleteSensor(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "sensors/{sensorId}")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await sensors.DeleteAsync(sensorId, cancellationToken);
        return outcome.Map(request, _ => new ApiResult(StatusCodes.Status204NoContent));
    }

    private static ApiResult WithETag(ApiResult result, Sensor sensor) => result.WithHeader("ETag", ETags.For(sensor));
}
