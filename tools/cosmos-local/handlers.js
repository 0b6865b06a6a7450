"use strict";
/*
 * Handlers replacing the package's ones (same signature: account, req, res, params -> body), each
 * for a fix listed in server.js.
 */

const {
  header,
  isTrue,
  notFound,
  preconditionFailed,
  containerOf,
  partitionKeyPaths,
  partitionKeyFromHeader,
  matchesPartitionKey
} = require("./protocol");
const { candidateItems } = require("./partition-index");
const { compile } = require("./query-engine");

const lib = "@vercel/cosmosdb-server/lib";
const readItems = require(`${lib}/handler/_read-items`).default;
const readJson = require(`${lib}/json`).default;
const { patchOperation } = require(`${lib}/handler/_patch-operations`);
const { createOperation } = require(`${lib}/handler/_document-operations`);

const handler = name => require(`${lib}/handler/${name}`).default;

const PASS_THROUGH_PLAN = Object.freeze({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None",
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: "",
    hasSelectValue: false,
    dCountInfo: null,
    hasNonStreamingOrderBy: false
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }]
});

// Fixes 1, 2 and 12.
async function queryDocuments(account, req, res, { dbId, collId }) {
  if (isTrue(req, "x-ms-cosmos-is-query-plan-request")) {
    await readJson(req);
    return PASS_THROUGH_PLAN;
  }
  return readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const body = await readJson(req);
    if (!body || !body.query) {
      res.statusCode = 400;
      return { code: "BadRequest", message: "missing query" };
    }
    const collection = containerOf(account, dbId, collId);
    const definition = collection.read();
    if (!definition) return null; // -> 404
    const expected = partitionKeyFromHeader(req);
    const paths = partitionKeyPaths(definition);
    // Fix 12: the partition's items from the index, not every item of the container.
    let docs = candidateItems(collection.documents, expected);
    if (expected && paths.length) {
      docs = docs.filter(doc => matchesPartitionKey(doc, paths, expected));
    }
    const indexing = definition.indexingPolicy || {};
    // Fix 8: an index serves its declared directions and the fully reversed ones.
    const order = p => String(p.order || "ascending").toLowerCase();
    const reversed = p => (order(p) === "descending" ? "ascending" : "descending");
    const compositeIndexes = (indexing.compositeIndexes || []).flatMap(index => [
      index.map(p => ({ ...p, order: order(p) })),
      index.map(p => ({ ...p, order: reversed(p) }))
    ]);
    try {
      return collection.documents._getQuery(body.query).exec(docs, {
        parameters: body.parameters,
        udf: collection.documents._userDefinedFunctions(),
        maxItemCount,
        continuation,
        compositeIndexes
      });
    } catch (err) {
      if (err && typeof err === "object") err.badRequest = true; // evaluation error
      throw err;
    }
  });
}

function findDocument(collection, docId, req) {
  const definition = collection.read();
  const expected = partitionKeyFromHeader(req);
  const paths = partitionKeyPaths(definition);
  // The store keys items by (first partition key value, or the id when that is empty; id).
  const doc = collection.document(docId, expected && expected.length ? expected[0] : undefined).read();
  if (!doc || doc.id !== docId) return undefined;
  if (expected && paths.length && !matchesPartitionKey(doc, paths, expected)) return undefined;
  return doc;
}

// Fixes 3 and 9.
async function readDocument(account, req, res, { dbId, collId, docId }) {
  const collection = containerOf(account, dbId, collId);
  if (!collection.read()) return notFound(res);
  const doc = findDocument(collection, docId, req);
  if (!doc) return notFound(res);
  const ifNoneMatch = header(req, "if-none-match");
  if (ifNoneMatch && (ifNoneMatch === "*" || ifNoneMatch === doc._etag)) {
    res.statusCode = 304;
    res.setHeader("etag", doc._etag);
    return undefined;
  }
  res.statusCode = 200;
  return doc;
}

// Fix 3 (create into a missing container was a 500).
async function createDocument(account, req, res, { dbId, collId }) {
  const body = await readJson(req);
  const collection = containerOf(account, dbId, collId);
  if (!collection.read()) return notFound(res);
  const result = createOperation(collection, { resourceBody: body });
  res.statusCode = result.statusCode;
  return result.body;
}

const wrapMissingContainer = original =>
  async function guarded(account, req, res, params) {
    if (!containerOf(account, params.dbId, params.collId).read()) {
      await readJson(req).catch(() => undefined);
      return notFound(res);
    }
    return original(account, req, res, params);
  };

// Fix 10: a filter predicate's string literals become parameters, so predicates that differ only
// in their values share one compiled query. Strings without escapes are taken as written; others
// are decoded by the query parser itself, so the value is exactly what the literal meant.
const MAX_PREDICATE_SHAPES = 1000;
const predicateShapes = new Map();

function literalValue(literal) {
  if (!literal.includes("\\")) return literal.slice(1, -1);
  return compile(`SELECT VALUE ${literal} FROM c`).exec([{}], {}).result[0];
}

function parameterize(sql) {
  let shape = "";
  const parameters = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch !== "'" && ch !== '"') {
      shape += ch;
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < sql.length && sql[j] !== ch) j += sql[j] === "\\" ? 2 : 1;
    if (j >= sql.length) return { shape: sql, parameters: [] }; // unterminated: let the parser say so
    const name = `@lit${parameters.length}`;
    parameters.push({ name, value: literalValue(sql.slice(i, j + 1)) });
    shape += name;
    i = j + 1;
  }
  return { shape, parameters };
}

function compiledPredicate(condition) {
  const { shape, parameters } = parameterize(conditionQuery(condition));
  let query = predicateShapes.get(shape);
  if (!query) {
    if (predicateShapes.size >= MAX_PREDICATE_SHAPES) predicateShapes.clear();
    query = compile(shape);
    predicateShapes.set(shape, query);
  }
  return { query, parameters };
}

// Fix 4: evaluate the filter predicate as written, against the target item only.
function conditionQuery(condition) {
  const c = condition.trim();
  if (/^select\s/i.test(c)) return c;
  if (/^from\s/i.test(c)) return `SELECT * ${c}`;
  if (/^where\s/i.test(c)) return `SELECT * FROM c ${c}`;
  return `SELECT * FROM c WHERE ${c}`;
}

async function patchDocument(account, req, res, { dbId, collId, docId }) {
  const body = await readJson(req);
  const collection = containerOf(account, dbId, collId);
  if (!collection.read()) return notFound(res);
  const operations = Array.isArray(body) ? body : body && body.operations;
  if (!Array.isArray(operations)) {
    res.statusCode = 400;
    return {
      code: "BadRequest",
      message: "Invalid patch request: check syntax of patch specification."
    };
  }
  // Everything below runs synchronously, so check-and-write is atomic.
  const doc = findDocument(collection, docId, req);
  if (!doc) return notFound(res);
  const ifMatch = header(req, "if-match");
  if (ifMatch && ifMatch !== "*" && ifMatch !== doc._etag) {
    return preconditionFailed(
      res,
      "Operation cannot be performed because one of the specified precondition is not met."
    );
  }
  const condition = !Array.isArray(body) && body.condition;
  if (condition) {
    let matched;
    try {
      const { query, parameters } = compiledPredicate(condition);
      matched = query.exec([doc], { parameters }).result;
    } catch (err) {
      res.statusCode = 400;
      return { code: "BadRequest", message: `Invalid condition in patch request: ${err.message}` };
    }
    if (!matched || matched.length === 0) {
      return preconditionFailed(res, "Condition specified in the patch request is not satisfied.");
    }
  }
  const rawPk = header(req, "x-ms-documentdb-partitionkey");
  const result = patchOperation(collection, {
    id: docId,
    partitionKey: rawPk === undefined ? JSON.stringify([docId]) : rawPk,
    ifMatch: undefined,
    operations,
    condition: undefined
  });
  res.statusCode = result.statusCode;
  if (result.statusCode === 404) return notFound(res);
  return result.body;
}

const overrides = new Map([
  [handler("query-documents"), queryDocuments],
  [handler("read-document"), readDocument],
  [handler("create-document"), createDocument],
  [handler("patch-document"), patchDocument],
  [handler("replace-document"), wrapMissingContainer(handler("replace-document"))],
  [handler("delete-document"), wrapMissingContainer(handler("delete-document"))],
  [handler("upsert-document"), wrapMissingContainer(handler("upsert-document"))]
]);

module.exports = { overrides };
