import { createHash } from "node:crypto";

/**
 * The access log as a Merkle tree, exactly as RFC 6962 §2.1 (and RFC 9162 §2.1) defines it, so
 * that any Certificate Transparency tool, and tools/audit-verifier/verify-proof.mjs, checks our
 * proofs:
 * - a leaf is one access record; its leaf data is the record's 32-byte digest (the `hash` column,
 *   SHA-256 of the record's canonical text, shared/audit/access-log.migration.ts);
 * - leaf hash = SHA-256(0x00 ‖ leaf data); interior node = SHA-256(0x01 ‖ left ‖ right);
 * - the tree of n leaves splits at the largest power of two below n (MTH, PATH and PROOF below).
 * Leaves are kept in one growing buffer per level (32 bytes a node), full pairs only, appended in
 * amortised O(1); a root, an inclusion proof and a consistency proof cost O(log² n) hashes.
 */
export const HASH_BYTES = 32;

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 6962 leaf hash of a record's 32-byte digest. */
export const leafHash = (digest: Buffer): Buffer => sha256(LEAF_PREFIX, digest);
/** RFC 6962 interior node hash. */
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(NODE_PREFIX, left, right);
/** The root of the empty tree: SHA-256 of nothing (RFC 6962 §2.1). */
export const EMPTY_ROOT = sha256();

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** One level of the tree: nodes of 32 bytes in one buffer that doubles as it fills. */
class Level {
  private bytes = Buffer.alloc(HASH_BYTES * 64);
  length = 0;

  push(node: Buffer): void {
    if ((this.length + 1) * HASH_BYTES > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown, 0, 0, this.length * HASH_BYTES);
      this.bytes = grown;
    }
    node.copy(this.bytes, this.length * HASH_BYTES);
    this.length += 1;
  }

  at(index: number): Buffer {
    return this.bytes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

export class MerkleTree {
  /** levels[h][i]: the hash of the full subtree of 2^h leaves starting at leaf i·2^h. */
  private readonly levels: Level[] = [new Level()];

  /** Leaves so far. */
  get size(): number {
    return this.levels[0].length;
  }

  /** Appends one record, by its 32-byte digest. */
  append(digest: Buffer): void {
    if (digest.length !== HASH_BYTES) throw new Error(`a record digest has ${HASH_BYTES} bytes, got ${digest.length}`);
    let node = leafHash(digest);
    for (let height = 0; ; height += 1) {
      const level = (this.levels[height] ??= new Level());
      level.push(node);
      if (level.length % 2 === 1) return;
      node = nodeHash(level.at(level.length - 2), level.at(level.length - 1));
    }
  }

  /** MTH(D[start:end]) of RFC 6962, for 0 ≤ start < end ≤ size. */
  private hashOf(start: number, end: number): Buffer {
    const width = end - start;
    if ((width & (width - 1)) === 0 && start % width === 0) {
      const height = Math.log2(width);
      return this.levels[height].at(start / width);
    }
    const k = splitPoint(width);
    return nodeHash(this.hashOf(start, start + k), this.hashOf(start + k, end));
  }

  private checkSize(treeSize: number): void {
    if (!Number.isInteger(treeSize) || treeSize < 0 || treeSize > this.size) throw new RangeError(`tree size must be 0–${this.size}, got ${treeSize}`);
  }

  /** The root of the tree's first `treeSize` leaves (default: all), 32 bytes. */
  root(treeSize = this.size): Buffer {
    this.checkSize(treeSize);
    return treeSize === 0 ? EMPTY_ROOT : this.hashOf(0, treeSize);
  }

  /** The leaf hash at `index`. */
  leaf(index: number): Buffer {
    return this.levels[0].at(index);
  }

  /**
   * PATH(m, D[0:n]) of RFC 6962 §2.1.1: the audit path proving leaf `index` is in the tree of
   * `treeSize` leaves, bottom-up.
   * @throws RangeError for an index outside the tree or a size beyond it.
   */
  inclusionProof(index: number, treeSize = this.size): Buffer[] {
    this.checkSize(treeSize);
    if (!Number.isInteger(index) || index < 0 || index >= treeSize) throw new RangeError(`leaf index must be 0–${treeSize - 1}, got ${index}`);
    const path: Buffer[] = [];
    const walk = (m: number, start: number, end: number): void => {
      if (end - start === 1) return;
      const k = splitPoint(end - start);
      if (m < k) {
        walk(m, start, start + k);
        path.push(this.hashOf(start + k, end));
      } else {
        walk(m - k, start + k, end);
        path.push(this.hashOf(start, start + k));
      }
    };
    walk(index, 0, treeSize);
    return path;
  }

  /**
   * PROOF(m, D[0:n]) of RFC 6962 §2.1.2: proves the tree of `oldSize` leaves is a prefix of the
   * tree of `newSize` leaves (nothing signed before was changed, removed or reordered).
   * @throws RangeError unless 0 < oldSize ≤ newSize ≤ size.
   */
  consistencyProof(oldSize: number, newSize = this.size): Buffer[] {
    this.checkSize(newSize);
    if (!Number.isInteger(oldSize) || oldSize < 1 || oldSize > newSize) throw new RangeError(`the older tree size must be 1–${newSize}, got ${oldSize}`);
    const proof: Buffer[] = [];
    const subproof = (m: number, start: number, end: number, whole: boolean): void => {
      if (m === end - start) {
        if (!whole) proof.push(this.hashOf(start, end));
        return;
      }
      const k = splitPoint(end - start);
      if (m <= k) {
        subproof(m, start, start + k, whole);
        proof.push(this.hashOf(start + k, end));
      } else {
        subproof(m - k, start + k, end, false);
        proof.push(this.hashOf(start, start + k));
      }
    };
    subproof(oldSize, 0, newSize, true);
    return proof;
  }
}
