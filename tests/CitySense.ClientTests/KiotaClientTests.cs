using System.Net;
using CitySense.ClientTests.Support;
using CitySense.Clients.Kiota;
using CitySense.Clients.Kiota.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CitySense.ClientTests;

/// <summary>
/// The C# client Kiota generates from openapi/openapi.yaml (default settings), driven through every operation of the
/// document against the DevHost: each call as a consumer writes it, each documented answer read through the client.
/// </summary>
public sealed class KiotaClientTests(ClientTestHost host) : IClassFixture<ClientTestHost>
{
    [Fact]
    public async Task Scenario_EveryOperation_CallableAndItsAnswersReadable()
    {
        using var http = KiotaClientFactory.Create(host.CreateHandler());
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = host.ApiRoot.ToString().TrimEnd('/') };
        var client = new CitySenseClient(adapter);
        var data = new ScenarioData();

        // Operations: health and the document in both forms; the JSON form revalidated with its ETag.
        Assert.Equal(Health_status.Healthy, (await client.Health.GetAsync())!.Status);
        using (var yaml = new StreamReader((await client.OpenapiYaml.GetAsync())!))
        {
            Assert.StartsWith("openapi: 3.0.3", await yaml.ReadToEndAsync(), StringComparison.Ordinal);
        }

        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        Assert.Equal("3.0.3", (await client.OpenapiJson.GetAsync(config => config.Options.Add(headers)))!.Openapi);
        var etag = Assert.Single(headers.ResponseHeaders["ETag"]);
        Assert.Null(await client.OpenapiJson.GetAsync(config => config.Headers.Add("If-None-Match", etag)));

        // Sensors: register (status and metadata left out), conflict, read, list, search, replace with If-Match.
        var sensor = await client.Sensors.PostAsync(new CreateSensorRequest
        {
            City = data.City,
            Location = data.Location,
            Type = data.Type,
            Coordinates = new Coordinates { Lat = data.Point.Lat, Lon = data.Point.Lon },
        });
        Assert.Equal(data.SensorId, sensor!.Id);
        Assert.Equal(SensorStatus.Active, sensor.Status);
        var conflict = await Assert.ThrowsAsync<Problem>(() => client.Sensors.PostAsync(new CreateSensorRequest
        {
            City = data.City, Location = data.Location, Type = data.Type, Coordinates = new Coordinates { Lat = 0, Lon = 0 },
        }));
        Assert.Equal(409, conflict.ResponseStatusCode);
        Assert.Equal("urn:citysense:problem:sensor-exists", conflict.Type);

        var read = await client.Sensors[data.SensorId].GetAsync();
        Assert.Equal(sensor.Etag, read!.Etag);
        var listed = await client.Sensors.GetAsync(config => config.QueryParameters.City = data.City);
        Assert.Equal([data.SensorId], listed!.Items!.Select(item => item.Id));
        Assert.Null(listed.NextCursor);
        var near = await client.Sensors.GetAsync(config =>
        {
            config.QueryParameters.Near = data.Near;
            config.QueryParameters.Radius = 100;
            config.QueryParameters.City = data.City;
        });
        Assert.Equal(0, Assert.Single(near!.Items!).DistanceMeters);

        var metadata = new Metadata { AdditionalData = { ["model"] = "ws-200" } };
        var replaced = await client.Sensors[data.SensorId].PutAsync(
            new UpdateSensorRequest { Coordinates = sensor.Coordinates, Status = SensorStatus.Active, Metadata = metadata },
            config => config.Headers.Add("If-Match", read.Etag!));
        Assert.NotEqual(read.Etag, replaced!.Etag);
        Assert.Equal("ws-200", replaced.Metadata!.AdditionalData["model"]);
        var stale = await Assert.ThrowsAsync<Problem>(() => client.Sensors[data.SensorId].PutAsync(
            new UpdateSensorRequest { Coordinates = sensor.Coordinates, Status = SensorStatus.Inactive },
            config => config.Headers.Add("If-Match", read.Etag!)));
        Assert.Equal(412, stale.ResponseStatusCode);

        // Readings: ingest without id or timestamp, with an id (then again: the duplicate), history, export, latest.
        var first = await client.Sensors[data.SensorId].Readings.PostAsync(new IngestReadingRequest { Payload = Payload(("tempC", 21.5)) });
        Assert.False(string.IsNullOrEmpty(first!.Id));
        var withId = new IngestReadingRequest { Id = "k-1", Timestamp = DateTimeOffset.UtcNow.AddMinutes(1), Payload = Payload(("tempC", 22.0)) };
        Assert.Equal("k-1", (await client.Sensors[data.SensorId].Readings.PostAsync(withId))!.Id);
        Assert.Equal("k-1", (await client.Sensors[data.SensorId].Readings.PostAsync(withId))!.Id);
        var invalid = await Assert.ThrowsAsync<Problem>(() => client.Sensors[data.SensorId].Readings.PostAsync(new IngestReadingRequest { Payload = new Payload() }));
        Assert.Equal(["payload"], invalid.Errors!.AdditionalData.Keys);

        var history = await client.Sensors[data.SensorId].Readings.GetAsync(config =>
        {
            config.QueryParameters.From = ScenarioData.Earlier;
            config.QueryParameters.Limit = 1;
        });
        Assert.Equal("k-1", Assert.Single(history!.Items!).Id);
        Assert.NotNull(history.NextCursor);
        var rest = await client.Sensors[data.SensorId].Readings.GetAsync(config =>
        {
            config.QueryParameters.From = ScenarioData.Earlier;
            config.QueryParameters.Cursor = history.NextCursor;
        });
        Assert.Equal(first.Id, Assert.Single(rest!.Items!).Id);

        using (var csv = new StreamReader((await client.Sensors[data.SensorId].ReadingsCsv.GetAsync(config => config.QueryParameters.From = ScenarioData.Earlier))!))
        {
            var lines = (await csv.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["id,timestamp,receivedAt,tempC", "k-1", first.Id], lines.Select((line, i) => i == 0 ? line : line.Split(',')[0]));
        }

        // Revalidated with its ETag: Kiota returns null for the 304, as for the document.
        var latestHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        Assert.Equal("k-1", (await client.Sensors[data.SensorId].Readings.Latest.GetAsync(config => config.Options.Add(latestHeaders)))!.Id);
        var latestETag = Assert.Single(latestHeaders.ResponseHeaders["ETag"]);
        Assert.Null(await client.Sensors[data.SensorId].Readings.Latest.GetAsync(config => config.Headers.Add("If-None-Match", latestETag)));

        // Batch: one stored, one without sensorId and one with an empty payload, each answered in its result.
        var batch = await client.Readings.PostAsync(new BatchIngestRequest
        {
            Readings =
            [
                new BatchReading { SensorId = data.SensorId, Id = "b-1", Payload = Payload(("tempC", 20.0)) },
                new BatchReading { Payload = Payload(("tempC", 20.0)) },
                new BatchReading { SensorId = data.SensorId, Payload = new Payload() },
            ],
        });
        Assert.Equal([BatchIngestResult_status.Created, BatchIngestResult_status.Error, BatchIngestResult_status.Error], batch!.Results!.Select(result => result.Status));
        Assert.Equal([1, 0, 2], new[] { batch.Created, batch.Duplicates, batch.Errors });
        Assert.Equal("sensorId", Assert.Single(batch.Results![1].Problem!.Errors!.AdditionalData.Keys));

        var latestNear = await client.Readings.Latest.GetAsync(config =>
        {
            config.QueryParameters.Near = data.Near;
            config.QueryParameters.Radius = 100;
        });
        Assert.Equal("k-1", Assert.Single(latestNear!.Items!).Reading!.Id);

        // Aggregates of the readings above, and the summary of the latest reading near the point.
        var hourly = await client.Sensors[data.SensorId].Readings.Aggregate.GetAsync(config =>
        {
            config.QueryParameters.Interval = CitySense.Clients.Kiota.Sensors.Item.Readings.Aggregate.GetIntervalQueryParameterType.Oneh;
            config.QueryParameters.Fields = "tempC";
        });
        Assert.True(hourly!.Items!.Sum(bucket => bucket.Count) >= 2);
        var summary = await client.Readings.Latest.Summary.GetAsync(config =>
        {
            config.QueryParameters.Near = data.Near;
            config.QueryParameters.Radius = 100;
        });
        Assert.Equal(1, summary!.Sensors);

        // README's example, on the same data.
        using (var exampleHttp = new HttpClient(host.CreateHandler()))
        {
            var lines = await Examples.KiotaExample.LatestNearAsync(exampleHttp, host.ApiRoot, data.Point.Lat, data.Point.Lon);
            Assert.StartsWith($"{data.SensorId} (0 m): tempC at ", Assert.Single(lines), StringComparison.Ordinal);
        }

        // The old system's routes: deprecated in the document, so the generated methods are [Obsolete].
#pragma warning disable CS0612, CS0618
        var legacy = client.V1[data.Type][data.City][data.Location];
        Assert.NotNull((await legacy.PostAsync(new LegacyIngestRequest { Payload = Payload(("tempC", 19.0)) }))!.Timestamp);
        Assert.Equal(data.Point.Lat, (await legacy.GetAsync())!.Location!.Lat);
#pragma warning restore CS0612, CS0618

        // Access: grant the scenario's city to an operator key, replace the grant with If-Match, list, read, revoke;
        // the audit trail lists the sensor's registration and replacement.
        var grant = await client.Operators[data.OperatorId].PutAsync(new OperatorRequest { Name = "Client scenario", Cities = [data.City] });
        Assert.Equal([data.City], grant!.Cities);
        var regranted = await client.Operators[data.OperatorId].PutAsync(
            new OperatorRequest { Name = "Client scenario", Cities = [] },
            config => config.Headers.Add("If-Match", grant.Etag!));
        Assert.Empty(regranted!.Cities!);
        Assert.Contains(data.OperatorId, (await client.Operators.GetAsync(config => config.QueryParameters.Limit = 1000))!.Items!.Select(item => item.CallerId));
        Assert.Equal(regranted.Etag, (await client.Operators[data.OperatorId].GetAsync())!.Etag);
        var trail = await client.Audit.GetAsync(config => config.QueryParameters.SensorId = data.SensorId);
        Assert.Equal([AuditRecord_operation.SensorUpdated, AuditRecord_operation.SensorCreated], trail!.Items!.Select(record => record.Operation));
        Assert.Equal(SensorStatus.Active, trail.Items![1].Changes!.Status!.New);
        await client.Operators[data.OperatorId].DeleteAsync(config => config.Headers.Add("If-Match", regranted.Etag!));
        var revoked = await Assert.ThrowsAsync<Problem>(() => client.Operators[data.OperatorId].GetAsync());
        Assert.Equal(404, revoked.ResponseStatusCode);

        // Subscriptions: subscribe (the secret is shown once), list, read, replace with If-Match, rotate the secret, delete.
        var hook = new Uri(host.ApiRoot, "hook").AbsoluteUri;
        var subscribed = await client.Subscriptions.PostAsync(new SubscriptionRequest
        {
            Url = hook,
            Filter = new SubscriptionFilter
            {
                SensorIds = [data.SensorId],
                Conditions = [new PayloadCondition { Field = "tempC", Op = PayloadCondition_op.Gt, Value = 30 }],
            },
        });
        Assert.StartsWith("whsec_", subscribed!.Secret, StringComparison.Ordinal);
        Assert.Contains(subscribed.Id, (await client.Subscriptions.GetAsync(config => config.QueryParameters.Limit = 100))!.Items!.Select(item => item.Id));
        var subscription = await client.Subscriptions[subscribed.Id].GetAsync();
        Assert.Null(subscription!.Secret);
        var resubscribed = await client.Subscriptions[subscribed.Id].PutAsync(
            new SubscriptionRequest { Url = hook, Filter = new SubscriptionFilter { City = data.City, Match = SubscriptionFilter_match.Any } },
            config => config.Headers.Add("If-Match", subscription.Etag!));
        Assert.Equal(data.City, resubscribed!.Filter!.City);
        var rotated = await client.Subscriptions[subscribed.Id].Secret.PostAsync();
        Assert.NotEqual(subscribed.Secret, rotated!.Secret);

        // Deliveries: a ping is queued (the host's connector refuses every connection), the listing answers, and a
        // delivery the subscription never had cannot be redelivered.
        var pinged = await client.Subscriptions[subscribed.Id].Ping.PostAsync();
        Assert.StartsWith("msg_", pinged!.DeliveryId, StringComparison.Ordinal);
        Assert.NotNull((await client.Subscriptions[subscribed.Id].Deliveries.GetAsync(config => config.QueryParameters.Limit = 10))!.Items);
        Assert.Equal(404, (await Assert.ThrowsAsync<Problem>(
            () => client.Subscriptions[subscribed.Id].Deliveries["msg_00000000000000000000000000000000"].Redeliver.PostAsync())).ResponseStatusCode);
        await client.Subscriptions[subscribed.Id].DeleteAsync();
        Assert.Equal(404, (await Assert.ThrowsAsync<Problem>(() => client.Subscriptions[subscribed.Id!].GetAsync())).ResponseStatusCode);

        // Delete: gone afterwards.
        await client.Sensors[data.SensorId].DeleteAsync();
        var gone = await Assert.ThrowsAsync<Problem>(() => client.Sensors[data.SensorId].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);

        Assert.Equal(host.Operations.Documented, host.Operations.Called);
        Assert.Empty(host.Violations);
    }

    private static Payload Payload(params (string Name, double Value)[] values)
    {
        var payload = new Payload();
        foreach (var (name, value) in values)
        {
            payload.AdditionalData[name] = value;
        }

        return payload;
    }
}
