"use strict";
/*
 * What the Cosmos DB wire protocol says about a request, and the error bodies it answers with:
 * shared by the handlers, the partition index and the server.
 */

const header = (req, name) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const isTrue = (req, name) => String(header(req, name) || "").toLowerCase() === "true";

const notFound = res => {
  res.statusCode = 404;
  return {
    code: "NotFound",
    message: "Entity with the specified id does not exist in the system."
  };
};

const preconditionFailed = (res, message) => {
  res.statusCode = 412;
  return { code: "PreconditionFailed", message };
};

const containerOf = (account, dbId, collId) => account.database(dbId).collection(collId);

// Partition key paths of a container, as property-name arrays ("/a/b" -> ["a", "b"]).
function partitionKeyPaths(definition) {
  const paths = ((definition || {}).partitionKey || {}).paths || [];
  return paths
    .filter(p => p !== "/_partitionKey")
    .map(p => p.slice(1).split("/"));
}

const valueAt = (doc, path) =>
  path.reduce((v, k) => (v !== null && typeof v === "object" ? v[k] : undefined), doc);

// x-ms-documentdb-partitionkey is a JSON array: ["Berlin"], [5], [null], [{}] (= no value).
// Returns an array of expected values (undefined for "no value"), or null when absent.
function partitionKeyFromHeader(req) {
  const raw = header(req, "x-ms-documentdb-partitionkey");
  if (raw === undefined || raw === "") return null;
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    const e = new Error(`invalid x-ms-documentdb-partitionkey header: ${raw}`);
    e.badRequest = true;
    throw e;
  }
  const values = Array.isArray(parsed) ? parsed : [parsed];
  return values.map(v =>
    v !== null && typeof v === "object" && Object.keys(v).length === 0 ? undefined : v
  );
}

function matchesPartitionKey(doc, paths, expected) {
  for (let i = 0; i < expected.length && i < paths.length; i += 1) {
    const actual = valueAt(doc, paths[i]);
    if (expected[i] === undefined ? actual !== undefined : actual !== expected[i]) {
      return false;
    }
  }
  return true;
}

module.exports = {
  header,
  isTrue,
  notFound,
  preconditionFailed,
  containerOf,
  partitionKeyPaths,
  valueAt,
  partitionKeyFromHeader,
  matchesPartitionKey
};
