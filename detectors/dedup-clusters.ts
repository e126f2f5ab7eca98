import type { Store } from '../db/store.js';
import type { DupMembership } from '../db/types.js';
import { bandKeys, estimateJaccard, NEAR_DUP_THRESHOLD } from './minhash.js';

/** Disjoint sets over document ids; a set's name is its smallest id, so clusters are stable. */
class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    for (let cur = x; cur !== root;) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    // Register both, so a cluster's root is listed among its members.
    if (!this.parent.has(a)) this.parent.set(a, a);
    if (!this.parent.has(b)) this.parent.set(b, b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  members(): DupMembership[] {
    const out: DupMembership[] = [];
    for (const id of this.parent.keys()) out.push({ docId: id, clusterId: this.find(id) });
    return out.sort((a, b) => (a.docId < b.docId ? -1 : 1));
  }
}

export interface DedupResult {
  exactClusters: number;
  nearClusters: number;
  candidatePairs: number;
  verifiedPairs: number;
}

/**
 * Recomputes exact- and near-duplicate clusters over the whole Store and records them (nothing is
 * dropped: a policy decides later what to keep). Exact: same normalised-text hash. Near: MinHash
 * LSH candidates whose estimated Jaccard reaches NEAR_DUP_THRESHOLD; exact duplicates are also near.
 *
 * Memory: the LSH index holds one entry per document and band (about 1.5 KB per document), and the
 * signatures of documents that share a bucket; the corpus text is never loaded.
 */
export function computeDupClusters(store: Store): DedupResult {
  const exact = new UnionFind();
  const firstByHash = new Map<string, string>();
  const bucketOwner = new Map<number, string>();
  const candidates: [string, string][] = [];

  for (const doc of store.iterDedupInputs()) {
    if (doc.textHash) {
      const first = firstByHash.get(doc.textHash);
      if (first === undefined) firstByHash.set(doc.textHash, doc.id);
      else exact.union(first, doc.id);
    }
    if (!doc.minhash) continue;
    const seen = new Set<string>();
    for (const key of bandKeys(doc.minhash)) {
      const owner = bucketOwner.get(key);
      if (owner === undefined) bucketOwner.set(key, doc.id);
      else if (!seen.has(owner)) {
        seen.add(owner);
        candidates.push([owner, doc.id]);
      }
    }
  }
  firstByHash.clear();
  bucketOwner.clear();

  // Second pass: load only the signatures the candidate pairs need, then verify.
  const needed = new Set(candidates.flat());
  const signatures = new Map<string, Uint32Array>();
  for (const doc of store.iterDedupInputs()) {
    if (doc.minhash && needed.has(doc.id)) signatures.set(doc.id, doc.minhash.slice());
  }
  const near = new UnionFind();
  let verified = 0;
  for (const [a, b] of candidates) {
    if (estimateJaccard(signatures.get(a)!, signatures.get(b)!) >= NEAR_DUP_THRESHOLD) {
      near.union(a, b);
      verified++;
    }
  }
  const exactMembers = exact.members();
  for (const m of exactMembers) near.union(m.docId, m.clusterId);
  const nearMembers = near.members();
  store.replaceDupClusters('exact', exactMembers);
  store.replaceDupClusters('near', nearMembers);
  return {
    exactClusters: new Set(exactMembers.map((m) => m.clusterId)).size,
    nearClusters: new Set(nearMembers.map((m) => m.clusterId)).size,
    candidatePairs: candidates.length,
    verifiedPairs: verified,
  };
}
