// Every operation of the CitySense API through the TypeScript client a consumer generates (openapi-typescript types,
// openapi-fetch calls), compiled with tsc --strict. Run by TypeScriptClientTests against a DevHost:
//   node scenario.mjs <api root, e.g. http://127.0.0.1:41234/api> <city> <lat> <lon>
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/citysense.js";
import { printLatestNear } from "./example.mjs";

type Problem = components["schemas"]["Problem"];

const [baseUrl, city, latText, lonText] = process.argv.slice(2);
assert.ok(baseUrl && city && latText && lonText, "usage: scenario.mjs <api root> <city> <lat> <lon>");
const [lat, lon] = [Number(latText), Number(lonText)];
const location = "main_st";
const type = "weather";
const sensorId = `${city}.${location}.${type}`;
const earlier = new Date(Date.now() - 3_600_000).toISOString();
const client = createClient<paths>({ baseUrl });

function expectProblem(error: Problem | undefined, status: number, slug: string): Problem {
  assert.ok(error, `expected a ${status} problem`);
  assert.equal(error.status, status);
  assert.equal(error.type, `urn:citysense:problem:${slug}`);
  return error;
}

// Operations: health and the document in both forms; the JSON form revalidated with its ETag.
const health = await client.GET("/health");
assert.equal(health.data?.status, "healthy");
const yaml = await client.GET("/openapi.yaml", { parseAs: "text" });
assert.ok(yaml.data?.startsWith("openapi: 3.0.3"));
const json = await client.GET("/openapi.json", { params: { header: {} } });
assert.equal(json.data?.openapi, "3.0.3");
const etag = json.response.headers.get("ETag");
assert.ok(etag);
const revalidated = await client.GET("/openapi.json", { params: { header: { "If-None-Match": etag } } });
assert.equal(revalidated.response.status, 304);

// Sensors: register (status and metadata left out), conflict, read, list, search, replace with If-Match.
const created = await client.POST("/sensors", { body: { city, location, type, coordinates: { lat, lon } } });
assert.equal(created.response.status, 201);
assert.equal(created.data?.id, sensorId);
assert.equal(created.data?.status, "active");
const conflict = await client.POST("/sensors", { body: { city, location, type, coordinates: { lat: 0, lon: 0 } } });
expectProblem(conflict.error, 409, "sensor-exists");

const read = await client.GET("/sensors/{sensorId}", { params: { path: { sensorId } } });
assert.ok(read.data);
assert.equal(read.data.etag, read.response.headers.get("ETag"));
const listed = await client.GET("/sensors", { params: { query: { city } } });
assert.deepEqual(listed.data?.items.map((item) => item.id), [sensorId]);
assert.equal(listed.data?.nextCursor, null);
const near = await client.GET("/sensors", { params: { query: { city, near: `${lat},${lon}`, radius: 100 } } });
assert.equal(near.data?.items[0]?.distanceMeters, 0);

const replaced = await client.PUT("/sensors/{sensorId}", {
  params: { path: { sensorId }, header: { "If-Match": read.data.etag } },
  body: { coordinates: read.data.coordinates, status: "active", metadata: { model: "ws-200" } },
});
assert.equal(replaced.data?.metadata?.model, "ws-200");
assert.notEqual(replaced.data?.etag, read.data.etag);
const stale = await client.PUT("/sensors/{sensorId}", {
  params: { path: { sensorId }, header: { "If-Match": read.data.etag } },
  body: { coordinates: read.data.coordinates, status: "inactive" },
});
expectProblem(stale.error, 412, "precondition-failed");

// Readings: ingest without id or timestamp, with an id (then again: the duplicate), history, export, latest.
const reading = { params: { path: { sensorId } } };
const first = await client.POST("/sensors/{sensorId}/readings", { ...reading, body: { payload: { tempC: 21.5 } } });
assert.equal(first.response.status, 201);
assert.ok(first.data);
const withId = { id: "t-1", timestamp: new Date(Date.now() + 60_000).toISOString(), payload: { tempC: 22 } };
assert.equal((await client.POST("/sensors/{sensorId}/readings", { ...reading, body: withId })).response.status, 201);
const duplicate = await client.POST("/sensors/{sensorId}/readings", { ...reading, body: withId });
assert.equal(duplicate.response.status, 200);
assert.equal(duplicate.data?.id, "t-1");
const invalid = await client.POST("/sensors/{sensorId}/readings", { ...reading, body: { payload: {} } });
assert.deepEqual(Object.keys(expectProblem(invalid.error, 400, "validation").errors ?? {}), ["payload"]);

const history = await client.GET("/sensors/{sensorId}/readings", { params: { path: { sensorId }, query: { from: earlier, limit: 1 } } });
assert.deepEqual(history.data?.items.map((item) => item.id), ["t-1"]);
assert.ok(history.data?.nextCursor);
const rest = await client.GET("/sensors/{sensorId}/readings", {
  params: { path: { sensorId }, query: { from: earlier, cursor: history.data.nextCursor } },
});
assert.deepEqual(rest.data?.items.map((item) => item.id), [first.data.id]);

const csv = await client.GET("/sensors/{sensorId}/readings.csv", { params: { path: { sensorId }, query: { from: earlier } }, parseAs: "text" });
assert.equal(csv.response.headers.get("Content-Type"), "text/csv; charset=utf-8");
assert.deepEqual(
  csv.data?.split("\r\n").filter((line) => line.length > 0).map((line, i) => (i === 0 ? line : line.split(",")[0])),
  ["id,timestamp,receivedAt,tempC", "t-1", first.data.id]);

const latest = await client.GET("/sensors/{sensorId}/readings/latest", { params: { path: { sensorId } } });
assert.equal(latest.data?.id, "t-1");
const latestETag = latest.response.headers.get("ETag");
assert.ok(latestETag);
const unchanged = await client.GET("/sensors/{sensorId}/readings/latest", { params: { path: { sensorId }, header: { "If-None-Match": latestETag } } });
assert.equal(unchanged.response.status, 304);
assert.equal(unchanged.data, undefined);

// Batch: one stored, one without sensorId and one with an empty payload, each answered in its result.
const batch = await client.POST("/readings", {
  body: { readings: [{ sensorId, id: "b-1", payload: { tempC: 20 } }, { payload: { tempC: 20 } }, { sensorId, payload: {} }] },
});
assert.deepEqual(batch.data?.results.map((result) => result.status), ["created", "error", "error"]);
assert.deepEqual([batch.data?.created, batch.data?.duplicates, batch.data?.errors], [1, 0, 2]);
assert.deepEqual(Object.keys(batch.data?.results[1]?.problem?.errors ?? {}), ["sensorId"]);

const latestNear = await client.GET("/readings/latest", { params: { query: { near: `${lat},${lon}`, radius: 100 } } });
assert.deepEqual(latestNear.data?.items.map((item) => item.reading.id), ["t-1"]);

// Aggregates of the readings above, and the summary of the latest reading near the point.
const hourly = await client.GET("/sensors/{sensorId}/readings/aggregate", { params: { path: { sensorId }, query: { interval: "1h", fields: "tempC" } } });
// The 200 is JSON or CSV by Accept: the type is a union, narrowed here to the JSON page.
const hourlyPage = hourly.data;
assert.ok(typeof hourlyPage === "object" && hourlyPage !== null);
assert.ok(hourlyPage.items.reduce((total: number, bucket) => total + bucket.count, 0) >= 2);
const summary = await client.GET("/readings/latest/summary", { params: { query: { near: `${lat},${lon}`, radius: 100 } } });
assert.equal(summary.data?.sensors, 1);
await printLatestNear(baseUrl, undefined, lat, lon);

// The old system's routes.
const legacyPath = { params: { path: { sensorType: type, city, location } } };
const legacyIngest = await client.POST("/v1/{sensorType}/{city}/{location}", { ...legacyPath, body: { payload: { tempC: 19 } } });
assert.ok(legacyIngest.data?.timestamp);
const legacyLatest = await client.GET("/v1/{sensorType}/{city}/{location}", legacyPath);
assert.equal(legacyLatest.data?.location.lat, lat);

// Access: grant the scenario's city to an operator key, replace the grant with If-Match, list, read, revoke;
// the audit trail lists the sensor's registration and replacement.
const callerId = `${city}-operator`;
const operatorPath = { path: { callerId } };
const grant = await client.PUT("/operators/{callerId}", { params: { ...operatorPath, header: {} }, body: { name: "Client scenario", cities: [city] } });
assert.equal(grant.response.status, 201);
assert.ok(grant.data);
assert.deepEqual(grant.data.cities, [city]);
const regranted = await client.PUT("/operators/{callerId}", {
  params: { ...operatorPath, header: { "If-Match": grant.data.etag } },
  body: { name: "Client scenario", cities: [] },
});
assert.ok(regranted.data);
assert.deepEqual(regranted.data.cities, []);
const operators = await client.GET("/operators", { params: { query: { limit: 1000 } } });
assert.ok(operators.data?.items.some((item) => item.callerId === callerId));
const operator = await client.GET("/operators/{callerId}", { params: operatorPath });
assert.equal(operator.data?.etag, regranted.data.etag);
const trail = await client.GET("/audit", { params: { query: { sensorId } } });
assert.deepEqual(trail.data?.items.map((record) => record.operation), ["sensor.updated", "sensor.created"]);
assert.equal(trail.data?.items[1]?.changes.status?.new, "active");
const revoked = await client.DELETE("/operators/{callerId}", { params: { ...operatorPath, header: { "If-Match": regranted.data.etag } } });
assert.equal(revoked.response.status, 204);
const revokedRead = await client.GET("/operators/{callerId}", { params: operatorPath });
expectProblem(revokedRead.error, 404, "not-found");

// Subscriptions: subscribe (the secret is shown once), list, read, replace with If-Match, rotate the secret, delete.
const hook = new URL("hook", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).href;
const subscribed = await client.POST("/subscriptions", {
  body: { url: hook, filter: { sensorIds: [sensorId], conditions: [{ field: "tempC", op: "gt", value: 30 }] } },
});
assert.equal(subscribed.response.status, 201);
assert.ok(subscribed.data);
assert.ok(subscribed.data.secret?.startsWith("whsec_"));
const subscriptionPath = { path: { subscriptionId: subscribed.data.id } };
const subscriptions = await client.GET("/subscriptions", { params: { query: { limit: 100 } } });
assert.ok(subscriptions.data?.items.some((item) => item.id === subscribed.data.id));
const subscription = await client.GET("/subscriptions/{subscriptionId}", { params: subscriptionPath });
assert.ok(subscription.data);
assert.equal(subscription.data.secret, undefined);
const resubscribed = await client.PUT("/subscriptions/{subscriptionId}", {
  params: { ...subscriptionPath, header: { "If-Match": subscription.data.etag } },
  body: { url: hook, description: "Client scenario", filter: { city, near: { lat, lon, radius: 500 } } },
});
assert.equal(resubscribed.data?.filter.near?.radius, 500);
const rotated = await client.POST("/subscriptions/{subscriptionId}/secret", { params: subscriptionPath });
assert.ok(rotated.data?.secret && rotated.data.secret !== subscribed.data.secret);
// Deliveries: a ping is queued (the host's connector refuses every connection: nothing leaves the process); its
// record is listed once attempted; redelivering a delivery the subscription never had is 404.
const pinged = await client.POST("/subscriptions/{subscriptionId}/ping", { params: subscriptionPath });
assert.equal(pinged.response.status, 202);
assert.match(pinged.data?.deliveryId ?? "", /^msg_[0-9a-f]{32}$/);
const deliveries = await client.GET("/subscriptions/{subscriptionId}/deliveries", { params: { ...subscriptionPath, query: { limit: 10 } } });
assert.ok(Array.isArray(deliveries.data?.items));
const redelivered = await client.POST("/subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver", {
  params: { path: { subscriptionId: subscribed.data.id, deliveryId: "msg_00000000000000000000000000000000" } },
});
expectProblem(redelivered.error, 404, "not-found");
const unsubscribed = await client.DELETE("/subscriptions/{subscriptionId}", { params: { ...subscriptionPath, header: {} } });
assert.equal(unsubscribed.response.status, 204);
const unsubscribedRead = await client.GET("/subscriptions/{subscriptionId}", { params: subscriptionPath });
expectProblem(unsubscribedRead.error, 404, "not-found");

// Delete: gone afterwards.
const deleted = await client.DELETE("/sensors/{sensorId}", { params: { path: { sensorId } } });
assert.equal(deleted.response.status, 204);
const gone = await client.GET("/sensors/{sensorId}", { params: { path: { sensorId } } });
expectProblem(gone.error, 404, "not-found");

console.log("scenario passed");
