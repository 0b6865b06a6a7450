// Writes openapi/openapi.json, the JSON form of openapi/openapi.yaml, so that the app serves a document built ahead
// of time instead of converting YAML at run time. Plain scalars are typed by the YAML 1.2 core schema (42, 4.5, true
// and null become JSON numbers, booleans and null; 2025-03-04, yes and 1_000 stay strings; quoted scalars are
// strings). Anything JSON cannot hold exactly fails the build of the file rather than being changed silently.
//
// usage: node openapi/build-json.mjs [input.yaml] [output.json | -]    (npm run openapi:json)
// ContractTests compare the committed openapi/openapi.json with this script's output.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, parseAllDocuments, visit } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const [input = join(here, 'openapi.yaml'), output = join(here, 'openapi.json')] = process.argv.slice(2);

function fail(message) {
  process.stderr.write(`${input}: ${message}\n`);
  process.exit(1);
}

// intAsBigInt: an integer is checked against what a JSON reader can hold before it is written (see below).
const documents = parseAllDocuments(readFileSync(input, 'utf8'), { schema: 'core', intAsBigInt: true });
if (documents.length !== 1) {
  fail(`expected one YAML document, found ${documents.length}`);
}

const [document] = documents;
for (const problem of [...document.errors, ...document.warnings]) {
  fail(problem.message);
}

visit(document, {
  Pair(_, pair) {
    if (!isScalar(pair.key)) {
      fail(`a mapping key at offset ${pair.key?.range?.[0]} is not a scalar; JSON keys are strings`);
    }
  },
});

const json = JSON.stringify(document.toJS({ maxAliasCount: -1 }), (key, value) => {
  if (typeof value === 'bigint') {
    if (!Number.isSafeInteger(Number(value))) {
      fail(`'${key}: ${value}' is an integer beyond 2^53; JSON readers would change its digits`);
    }

    return Number(value);
  }

  if (typeof value === 'number' && !Number.isFinite(value)) {
    fail(`'${key}: ${value}' is not a finite number; JSON cannot represent it`);
  }

  return value;
}, 2) + '\n';

if (output === '-') {
  process.stdout.write(json);
} else {
  writeFileSync(output, json);
}
