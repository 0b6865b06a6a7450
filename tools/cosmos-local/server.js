#!/usr/bin/env node
/*
 * CitySense local Cosmos DB (NoSQL API) server for development and tests.
 *
 * In-memory, plain HTTP with keep-alive, bound to loopback. Started by the DevHost and the
 * integration tests; point the Cosmos SDK at it in Gateway mode with LimitToEndpoint = true.
 *
 *   node tools/cosmos-local/server.js --port 0 --host 127.0.0.1 [--ignore-stdin]
 *
 * Port 0 picks a free port. When listening it prints exactly one line to stdout:
 *   CITYSENSE_COSMOS_READY http://127.0.0.1:<port>/
 * It exits when its stdin closes (the parent died or closed the pipe) and on SIGINT/SIGTERM.
 * A terminal as stdin is not watched; to run it in the background from a script (stdin is then
 * /dev/null) pass --ignore-stdin. Nothing is logged per request; errors go to stderr.
 *
 * Fixes layered over the wire-protocol implementation in node_modules (why each exists; the
 * handlers in handlers.js, the query engine's in query-engine.js, the index in
 * partition-index.js, request helpers in protocol.js):
 *  1. Query plan: the .NET SDK (non-Windows) POSTs a query-plan request
 *     (x-ms-cosmos-is-query-plan-request: True) that would otherwise be executed as a query.
 *     It is answered with a pass-through plan (one range ""..FF, neutral queryInfo) so this
 *     server evaluates ORDER BY / TOP / COUNT itself.
 *  2. Partition-scoped queries: x-ms-documentdb-partitionkey on a query was ignored, so a
 *     partition-scoped query returned other partitions' items. Queries are now run only over
 *     items whose partition key (path from the container definition) equals the header value.
 *     The "query must name the partition key" rejection is dropped: the header scopes it.
 *  3. Point read of a missing item failed with 500 (TypeError); it is now 404 NotFound.
 *     Item operations on a missing container are 404 too (create used to fail with 500).
 *  4. Conditional patch: the filter predicate was lower-cased before evaluation (property
 *     names and string literals changed, so e.g. c.latest.sortKey never matched) and was
 *     evaluated across all partitions. It is now evaluated, unchanged, against the target item.
 *  5. Account endpoints advertised https://; they now advertise the http:// endpoint served.
 *  6. Malformed JSON bodies are 400 BadRequest instead of 500.
 *  7. Spatial functions threw on a null or malformed GeoJSON value, failing the whole query;
 *     like Cosmos DB they now return undefined for such values (the item just doesn't match).
 *  8. A composite index (a ASC, b ASC) now also serves ORDER BY a DESC, b DESC, as in Cosmos DB
 *     (only the exact declared directions were accepted).
 *  9. Point read with If-None-Match equal to the item's ETag answers 304 Not Modified.
 * 10. Conditional patch speed: every filter predicate carries its own literals (a sort key, a
 *     version), so the package parsed each one anew (~5 ms: patches ran at ~250/s while creates
 *     ran at thousands a second) and cached every distinct text forever. String literals are now
 *     lifted out as parameters, so one compiled predicate serves every patch of its shape; the
 *     cache of shapes is bounded.
 * 11. Query speed on large partitions: the query compiler gathered a container's items with
 *     `reduce((acc, c) => [...acc, { c }], [])`, copying the array once per item, so a query
 *     over one sensor-month of 43,000 readings took 87 s (10,000: 0.4 s). That step is now a
 *     linear filter and map with the same result.
 * 12. Partition-scoped query cost: every query copied all of a container's items before
 *     filtering by partition, so one sensor's history page cost as much as the whole container
 *     held and grew with every reading stored anywhere. An index by the first partition key
 *     path's value, kept in step with the package's writes, hands a query only its partition's
 *     items, in the same order as before.
 * Not provided: change feed, TTL, transactional batch / bulk, OFFSET/LIMIT, DISTINCT, GROUP BY,
 * LIKE, real request charges (always 1). ST_DISTANCE is approximate.
 */

"use strict";

const http = require("http");
const crypto = require("crypto");

const Account = require("@vercel/cosmosdb-server/lib/account").default;
const route = require("@vercel/cosmosdb-server/lib/routes").default;
const { overrides } = require("./handlers");
const partitionIndex = require("./partition-index");
const queryEngine = require("./query-engine");

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const opts = { port: 0, host: "127.0.0.1", watchStdin: true };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === "--port") {
      opts.port = Number.parseInt(argv[(i += 1)], 10);
    } else if (a === "--host") {
      opts.host = argv[(i += 1)];
    } else if (a === "--ignore-stdin") {
      opts.watchStdin = false;
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error("--port must be an integer between 0 and 65535");
  }
  if (!opts.host) {
    throw new Error("--host must not be empty");
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Server

const QUERY_METRICS = [
  "totalExecutionTimeInMs=0.00",
  "queryCompileTimeInMs=0.00",
  "queryLogicalPlanBuildTimeInMs=0.00",
  "queryPhysicalPlanBuildTimeInMs=0.00",
  "queryOptimizationTimeInMs=0.00",
  "VMExecutionTimeInMs=0.00",
  "indexLookupTimeInMs=0.00",
  "documentLoadTimeInMs=0.00",
  "systemFunctionExecuteTimeInMs=0.00",
  "userFunctionExecuteTimeInMs=0.00",
  "retrievedDocumentCount=0",
  "retrievedDocumentSize=0",
  "outputDocumentCount=0",
  "outputDocumentSize=0",
  "writeOutputTimeInMs=0.00",
  "indexUtilizationRatio=0.00"
].join(";");

function createServer() {
  let account;
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const found = route(req);
    (async () => {
      let body;
      if (!found) {
        res.statusCode = 400;
        body = { code: "BadRequest", message: "no route" };
      } else {
        const [params, original] = found;
        const fn = overrides.get(original) || original;
        try {
          body = await fn(account, req, res, params);
        } catch (err) {
          if (err instanceof SyntaxError || err.badRequest) {
            res.statusCode = 400;
            body = { code: "BadRequest", message: err.message };
          } else {
            process.stderr.write(`cosmos-local: ${req.method} ${req.url}: ${err.stack || err}\n`);
            res.statusCode = 500;
            body = { code: "InternalServerError", message: err.message };
          }
        }
      }
      if (res.statusCode > 399 && body && !body.message) body.message = "";
      if (body && body._etag) res.setHeader("etag", body._etag);
      res.setHeader("content-type", "application/json");
      res.setHeader("content-location", `http://${req.headers.host}${req.url}`);
      res.setHeader("x-ms-activity-id", crypto.randomUUID());
      res.setHeader("x-ms-request-charge", "1");
      if (req.headers["x-ms-documentdb-populatequerymetrics"]) {
        res.setHeader("x-ms-documentdb-query-metrics", QUERY_METRICS);
      }
      if (req.headers["a-im"] && res.statusCode === 200) {
        // Incremental feed: only used by the client for partition key ranges (a single,
        // never-splitting range). The first read returns it; re-reads say "not modified".
        res.setHeader("etag", "1");
        if (req.headers["if-none-match"]) {
          res.statusCode = 304;
          res.setHeader("x-ms-item-count", "0");
          res.end();
          return;
        }
      }
      res.end(body === undefined ? undefined : JSON.stringify(body));
    })().catch(err => {
      process.stderr.write(`cosmos-local: ${err.stack || err}\n`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("");
      } else {
        res.destroy();
      }
    });
  });
  // Idle keep-alive connections stay open longer than the client's pool keeps them, so the
  // client never reuses a connection the server is just closing.
  server.keepAliveTimeout = 10 * 60 * 1000;
  server.on("listening", () => {
    const { address, port } = server.address();
    account = new Account(address, port);
    // Fix 5: advertise the http endpoint actually served.
    const meta = account.read();
    const endpoint = `http://${address.includes(":") ? `[${address}]` : address}:${port}/`;
    [...meta.writableLocations, ...meta.readableLocations].forEach(l => {
      l.databaseAccountEndpoint = endpoint;
    });
  });
  return server;
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`cosmos-local: ${err.message}\n`);
    process.exit(2);
  }

  queryEngine.install();
  partitionIndex.install();
  const server = createServer();
  const stop = code => {
    server.close();
    process.exit(code);
  };

  server.on("error", err => {
    process.stderr.write(`cosmos-local: ${err.message}\n`);
    stop(1);
  });
  server.listen(opts.port, opts.host, () => {
    const { address, port } = server.address();
    const host = address.includes(":") ? `[${address}]` : address;
    process.stdout.write(`CITYSENSE_COSMOS_READY http://${host}:${port}/\n`);
  });

  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  if (opts.watchStdin && !process.stdin.isTTY) {
    process.stdin.on("end", () => stop(0));
    process.stdin.on("close", () => stop(0));
    process.stdin.on("error", () => stop(0));
    process.stdin.resume();
  }
}

main();
