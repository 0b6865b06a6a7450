// A short example of the TypeScript client: types from openapi-typescript, calls with openapi-fetch.
//   npx openapi-typescript https://<gateway>/api/openapi.json -o citysense.d.ts
import createClient from "openapi-fetch";
import type { paths } from "./generated/citysense.js";

/** Prints the latest reading of every sensor within 1 km of a point. */
export async function printLatestNear(baseUrl: string, key: string | undefined, lat: number, lon: number): Promise<void> {
  const client = createClient<paths>({ baseUrl, headers: key ? { "Ocp-Apim-Subscription-Key": key } : {} });
  const { data, error } = await client.GET("/readings/latest", {
    params: { query: { near: `${lat},${lon}`, radius: 1000 } },
  });
  if (error) {
    throw new Error(`${error.status} ${error.type}: ${error.detail}`);
  }
  for (const item of data.items) {
    console.log(`${item.sensorId} (${item.distanceMeters} m): ${JSON.stringify(item.reading.payload)} at ${item.reading.timestamp}`);
  }
}
