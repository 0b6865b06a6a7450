// Azurite's queue service for the DevHost and the tests: in memory, on the host and port given on the command line
// (port 0: a free one, printed in Azurite's "successfully listens on" line). Exits when its stdin closes, so it never
// outlives the process that started it.
"use strict";
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

process.argv.push(
  "--inMemoryPersistence",
  "--disableTelemetry",
  "--skipApiVersionCheck",
);
require("azurite/dist/src/queue/main.js");
