"use strict";
/*
 * The query engine the package evaluates SQL with (@zeit/cosmosdb-query, a dependency of
 * @vercel/cosmosdb-server), and the fixes layered over it (numbers as listed in server.js).
 */

const path = require("path");

const pkg = "@vercel/cosmosdb-server";
const queryLib = path.dirname(
  require.resolve("@zeit/cosmosdb-query/package.json", {
    paths: [path.dirname(require.resolve(`${pkg}/package.json`))]
  })
);
const builtinFunctions = require(path.join(queryLib, "lib", "builtin-functions"));
const queryModule = require(queryLib);

/** Compiles a SQL text (no cache: callers cache what they reuse). */
const compile = sql => queryModule.default(sql);

// Fix 7: spatial functions answer undefined for a null or malformed GeoJSON value, as Cosmos DB does.
function patchSpatialFunctions() {
  const isGeoJson = v =>
    v !== null && typeof v === "object" && typeof v.type === "string" && Array.isArray(v.coordinates);
  ["ST_DISTANCE", "ST_WITHIN", "ST_INTERSECTS"].forEach(name => {
    const original = builtinFunctions[name];
    if (typeof original !== "function") return;
    builtinFunctions[name] = (a, b) => {
      if (!isGeoJson(a) || !isGeoJson(b)) return undefined;
      try {
        return original(a, b);
      } catch (err) {
        return undefined;
      }
    };
  });
}

// Fix 11: rewrite the quadratic gathering step of every compiled query (single FROM source).
const QUADRATIC_GATHER =
  /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*\1: \1\s*\}\] : \$, \[\]\)/g;

function patchQueryGathering() {
  const prototype = Object.getPrototypeOf(compile("SELECT * FROM c"));
  const original = Object.getOwnPropertyDescriptor(prototype, "code");
  Object.defineProperty(prototype, "code", {
    configurable: true,
    get() {
      if (this._linearCode === undefined) {
        const code = original.get.call(this);
        this._linearCode =
          code && code.replace(QUADRATIC_GATHER, (_, name) => `$c.filter(${name} => typeof ${name} !== "undefined").map(${name} => ({ ${name}: ${name} }))`);
      }
      return this._linearCode;
    }
  });
}

function install() {
  patchSpatialFunctions();
  patchQueryGathering();
}

module.exports = { compile, install };
