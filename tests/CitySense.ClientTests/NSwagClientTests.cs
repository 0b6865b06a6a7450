using CitySense.ClientTests.Support;
using CitySense.Clients.NSwag;

namespace CitySense.ClientTests;

/// <summary>
/// The C# client NSwag generates from openapi/openapi.yaml (openapi2csclient, default settings), driven through every
/// operation of the document against the DevHost: each call as a consumer writes it, each documented answer read
/// through the client (bodies as models, files as streams, error statuses as ApiException with the problem).
/// </summary>
public sealed class NSwagClientTests(ClientTestHost host) : IClassFixture<ClientTestHost>
{
    [Fact]
    public async Task Scenario_EveryOperation_CallableAndItsAnswersReadable()
    {
        using var http = new HttpClient(host.CreateHandler());
        var client = new CitySenseClient(http) { BaseUrl = host.ApiRoot.ToString() };
        var data = new ScenarioData();

        // Operations: health and the document in both forms; the JSON form revalidated (304 is an ApiException).
        Assert.Equal(HealthStatus.Healthy, (await client.GetHealthAsync()).Status);
        using (var yaml = await client.GetOpenApiYamlAsync())
        using (var reader = new StreamReader(yaml.Stream))
        {
            Assert.StartsWith("openapi: 3.0.3", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("3.0.3", (await client.GetOpenApiJsonAsync(null)).Openapi);
        var notModified = await Assert.ThrowsAsync<ApiException>(() => client.GetOpenApiJsonAsync("*"));
        Assert.Equal(304, notModified.StatusCode);

        // Sensors: register (metadata left out), conflict, read, list, search, replace with If-Match.
        var sensor = await client.CreateSensorAsync(new CreateSensorRequest
        {
            City = data.City,
            Location = data.Location,
            Type = data.Type,
            Coordinates = new Coordinates { Lat = data.Point.Lat, Lon = data.Point.Lon },
        });
        Assert.Equal(data.SensorId, sensor.Id);
        Assert.Equal(SensorStatus.Active, sensor.Status);
        var conflict = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.CreateSensorAsync(new CreateSensorRequest
        {
            City = data.City, Location = data.Location, Type = data.Type, Coordinates = new Coordinates { Lat = 0, Lon = 0 },
        }));
        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal("urn:citysense:problem:sensor-exists", conflict.Result.Type);

        var read = await client.GetSensorAsync(data.SensorId);
        Assert.Equal(sensor.Etag, read.Etag);
        var listed = await client.ListSensorsAsync(data.City, null, null, null, null, null, null, null, null);
        Assert.Equal([data.SensorId], listed.Items.Select(item => item.Id));
        Assert.Null(listed.NextCursor);
        var near = await client.ListSensorsAsync(data.City, null, null, data.Near, 100, null, null, null, null);
        Assert.Equal(0, Assert.Single(near.Items).DistanceMeters);

        var replaced = await client.UpdateSensorAsync(data.SensorId, read.Etag, new UpdateSensorRequest
        {
            Coordinates = sensor.Coordinates,
            Status = SensorStatus.Active,
            Metadata = new Metadata { AdditionalProperties = { ["model"] = "ws-200" } },
        });
        Assert.NotEqual(read.Etag, replaced.Etag);
        Assert.Equal("ws-200", replaced.Metadata.AdditionalProperties["model"]);
        var stale = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.UpdateSensorAsync(
            data.SensorId, read.Etag, new UpdateSensorRequest { Coordinates = sensor.Coordinates, Status = SensorStatus.Inactive }));
        Assert.Equal(412, stale.StatusCode);

        // Readings: ingest without id or timestamp, with an id (then again: the duplicate), history, export, latest.
        var first = await client.IngestReadingAsync(data.SensorId, new IngestReadingRequest { Payload = Payload(("tempC", 21.5)) });
        Assert.False(string.IsNullOrEmpty(first.Id));
        var withId = new IngestReadingRequest { Id = "n-1", Timestamp = DateTimeOffset.UtcNow.AddMinutes(1), Payload = Payload(("tempC", 22.0)) };
        Assert.Equal("n-1", (await client.IngestReadingAsync(data.SensorId, withId)).Id);
        Assert.Equal("n-1", (await client.IngestReadingAsync(data.SensorId, withId)).Id);
        var invalid = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.IngestReadingAsync(data.SensorId, new IngestReadingRequest { Payload = new Payload() }));
        Assert.Equal(["payload"], invalid.Result.Errors.Keys);

        var history = await client.ListReadingsAsync(data.SensorId, ScenarioData.Earlier, null, 1, null, null);
        Assert.Equal("n-1", Assert.Single(history.Items).Id);
        var rest = await client.ListReadingsAsync(data.SensorId, ScenarioData.Earlier, null, null, history.NextCursor, null);
        Assert.Equal(first.Id, Assert.Single(rest.Items).Id);

        using (var export = await client.ExportReadingsAsync(data.SensorId, ScenarioData.Earlier, null))
        using (var csv = new StreamReader(export.Stream))
        {
            var lines = (await csv.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["id,timestamp,receivedAt,tempC", "n-1", first.Id], lines.Select((line, i) => i == 0 ? line : line.Split(',')[0]));
        }

        // Revalidated: If-None-Match is the method's last parameter; a 304 is an ApiException, as for the document.
        Assert.Equal("n-1", (await client.GetLatestReadingAsync(data.SensorId, null)).Id);
        var unchanged = await Assert.ThrowsAsync<ApiException>(() => client.GetLatestReadingAsync(data.SensorId, "*"));
        Assert.Equal(304, unchanged.StatusCode);

        // Batch: one stored, one without sensorId and one with an empty payload, each answered in its result.
        var batch = await client.BatchIngestReadingsAsync(new BatchIngestRequest
        {
            Readings =
            [
                new BatchReading { SensorId = data.SensorId, Id = "b-1", Payload = Payload(("tempC", 20.0)) },
                new BatchReading { Payload = Payload(("tempC", 20.0)) },
                new BatchReading { SensorId = data.SensorId, Payload = new Payload() },
            ],
        });
        Assert.Equal([BatchIngestResultStatus.Created, BatchIngestResultStatus.Error, BatchIngestResultStatus.Error], batch.Results.Select(result => result.Status));
        Assert.Equal([1, 0, 2], new[] { batch.Created, batch.Duplicates, batch.Errors });
        Assert.Equal("sensorId", Assert.Single(batch.Results.ElementAt(1).Problem.Errors.Keys));

        var latestNear = await client.ListLatestNearAsync(data.Near, 100, null, null, null, null);
        Assert.Equal("n-1", Assert.Single(latestNear.Items).Reading.Id);

        // Aggregates of the readings above, and the summary of the latest reading near the point.
        var hourly = await client.GetReadingAggregatesAsync(data.SensorId, Interval._1h, ScenarioData.Earlier, null, "tempC", null, null, null);
        Assert.True(hourly.Items.Sum(bucket => bucket.Count) >= 2);
        Assert.Equal(1, (await client.GetLatestSummaryAsync(data.Near, 100, null, null, "tempC", null)).Sensors);

        // README's example, on the same data.
        using (var exampleHttp = new HttpClient(host.CreateHandler()))
        {
            var lines = await Examples.NSwagExample.LatestNearAsync(exampleHttp, host.ApiRoot, data.Point.Lat, data.Point.Lon);
            Assert.StartsWith($"{data.SensorId} (0 m): tempC at ", Assert.Single(lines), StringComparison.Ordinal);
        }

        // The old system's routes: deprecated in the document, so the generated methods are [Obsolete].
#pragma warning disable CS0612, CS0618
        Assert.NotEqual(default, (await client.LegacyIngestReadingAsync(data.Type, data.City, data.Location, new LegacyIngestRequest { Payload = Payload(("tempC", 19.0)) })).Timestamp);
        Assert.Equal(data.Point.Lat, (await client.LegacyGetLatestReadingAsync(data.Type, data.City, data.Location, null)).Location.Lat);
#pragma warning restore CS0612, CS0618

        // Access: grant the scenario's city to an operator key, replace the grant with If-Match, list, read, revoke;
        // the audit trail lists the sensor's registration and replacement.
        var grant = await client.PutOperatorAsync(data.OperatorId, null, new OperatorRequest { Name = "Client scenario", Cities = [data.City] });
        Assert.Equal([data.City], grant.Cities);
        var regranted = await client.PutOperatorAsync(data.OperatorId, grant.Etag, new OperatorRequest { Name = "Client scenario", Cities = [] });
        Assert.Empty(regranted.Cities);
        Assert.Contains(data.OperatorId, (await client.ListOperatorsAsync(1000, null)).Items.Select(item => item.CallerId));
        Assert.Equal(regranted.Etag, (await client.GetOperatorAsync(data.OperatorId)).Etag);
        var trail = await client.ListAuditRecordsAsync(null, data.SensorId, null, null, null, null, null);
        Assert.Equal([AuditRecordOperation.Sensor_updated, AuditRecordOperation.Sensor_created], trail.Items.Select(record => record.Operation));
        Assert.Equal(SensorStatus.Active, trail.Items.ElementAt(1).Changes.Status.New);
        await client.DeleteOperatorAsync(data.OperatorId, regranted.Etag);
        var revoked = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.GetOperatorAsync(data.OperatorId));
        Assert.Equal(404, revoked.StatusCode);

        // Subscriptions: subscribe (the secret is shown once), list, read, replace with If-Match, rotate the secret, delete.
        var hook = new Uri(host.ApiRoot, "hook");
        var subscribed = await client.CreateSubscriptionAsync(new SubscriptionRequest
        {
            Url = hook,
            Filter = new SubscriptionFilter
            {
                SensorIds = [data.SensorId],
                Conditions = [new PayloadCondition { Field = "tempC", Op = PayloadConditionOp.Gt, Value = 30 }],
            },
        });
        Assert.StartsWith("whsec_", subscribed.Secret, StringComparison.Ordinal);
        Assert.Contains(subscribed.Id, (await client.ListSubscriptionsAsync(100, null)).Items.Select(item => item.Id));
        var subscription = await client.GetSubscriptionAsync(subscribed.Id);
        Assert.Null(subscription.Secret);
        var resubscribed = await client.UpdateSubscriptionAsync(
            subscribed.Id,
            subscription.Etag,
            new SubscriptionRequest { Url = hook, Filter = new SubscriptionFilter { City = data.City, Near = new SubscriptionNear { Lat = data.Point.Lat, Lon = data.Point.Lon, Radius = 500 } } });
        Assert.Equal(data.City, resubscribed.Filter.City);
        var rotated = await client.RotateSubscriptionSecretAsync(subscribed.Id);
        Assert.NotEqual(subscribed.Secret, rotated.Secret);

        // Deliveries: a ping is queued (the host's connector refuses every connection), the listing answers, and a
        // delivery the subscription never had cannot be redelivered.
        var pinged = await client.PingSubscriptionAsync(subscribed.Id);
        Assert.StartsWith("msg_", pinged.DeliveryId, StringComparison.Ordinal);
        Assert.NotNull((await client.ListDeliveriesAsync(subscribed.Id, null, 10, null)).Items);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException<Problem>>(
            () => client.RedeliverDeliveryAsync(subscribed.Id, "msg_00000000000000000000000000000000"))).StatusCode);
        await client.DeleteSubscriptionAsync(subscribed.Id, rotated.Etag);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException<Problem>>(() => client.GetSubscriptionAsync(subscribed.Id))).StatusCode);

        // Delete: gone afterwards.
        await client.DeleteSensorAsync(data.SensorId);
        var gone = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.GetSensorAsync(data.SensorId));
        Assert.Equal(404, gone.StatusCode);

        Assert.Equal(host.Operations.Documented, host.Operations.Called);
        Assert.Empty(host.Violations);
    }

    private static Payload Payload(params (string Name, double Value)[] values)
    {
        var payload = new Payload();
        foreach (var (name, value) in values)
        {
            payload.AdditionalProperties[name] = value;
        }

        return payload;
    }
}
