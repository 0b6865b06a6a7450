"use strict";
/*
 * Fix 12: an index of each container's items by the value of its first partition key path, so a
 * partition-scoped query reads only that partition's items instead of every item of the container.
 *
 * The package keeps a container's items in one Map (by _rid, in write order) and every query used to
 * copy all of them before filtering by partition: a history page of one sensor cost as much as the
 * whole container held, and grew with every reading stored anywhere. The index mirrors the package's
 * two writes (_set, delete), so each partition's Map holds its items in the same order as the
 * container's Map does and a query sees exactly the items, in exactly the order, it saw before.
 */

const { partitionKeyPaths, valueAt } = require("./protocol");

const Items = require("@vercel/cosmosdb-server/lib/account/items").default;

// undefined (no value) and each JSON value get distinct keys: "5" and 5 are different partitions.
const bucketKey = value => (value === undefined ? "u" : `j${JSON.stringify(value)}`);

function firstPath(items) {
  if (items._citysenseFirstPath === undefined) {
    const [path] = partitionKeyPaths(items._parent.read());
    // A container's partition key never changes; without one the container is not indexed.
    items._citysenseFirstPath = path || null;
  }
  return items._citysenseFirstPath;
}

function bucketOf(items, data, create) {
  const path = firstPath(items);
  if (!path) return undefined;
  if (!items._citysensePartitions) items._citysensePartitions = new Map();
  const key = bucketKey(valueAt(data, path));
  let bucket = items._citysensePartitions.get(key);
  if (!bucket && create) {
    bucket = new Map();
    items._citysensePartitions.set(key, bucket);
  }
  return bucket;
}

function install() {
  const originalSet = Items.prototype._set;
  const originalDelete = Items.prototype.delete;

  Items.prototype._set = function indexedSet(data) {
    const result = originalSet.call(this, data);
    const bucket = bucketOf(this, data, true);
    if (bucket) bucket.set(data._rid, this._data.get(data._rid));
    return result;
  };

  Items.prototype.delete = function indexedDelete(idOrRid, partition) {
    const data = this._item("/id", idOrRid, partition).read();
    originalDelete.call(this, idOrRid, partition);
    const bucket = data && bucketOf(this, data, false);
    if (bucket) {
      bucket.delete(data._rid);
      if (bucket.size === 0) this._citysensePartitions.delete(bucketKey(valueAt(data, firstPath(this))));
    }
  };
}

/**
 * The items a query scoped to the expected partition key values may see, in write order: the
 * first value's partition from the index, or (no partition key, or no index) every item.
 */
function candidateItems(items, expected) {
  const path = firstPath(items);
  if (!expected || !expected.length || !path) {
    return [...items._data.values()].map(item => item.read());
  }
  const bucket = items._citysensePartitions && items._citysensePartitions.get(bucketKey(expected[0]));
  return bucket ? [...bucket.values()].map(item => item.read()) : [];
}

module.exports = { install, candidateItems };
