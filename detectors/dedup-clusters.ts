import type { Store } from '../db/store.js';
import type { DupMembership } from '../db/types.js';
import { estimateJaccard, NEAR_DUP_THRESHOLD } from './minhash.js';

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

/**
 * Signatures kept from one LSH group to the next. A document sits in up to BANDS groups, and
 * fetching its signature for each was most of the stage: 948,255 fetches for the 85,666 documents
 * with candidates among 100,000 pages (14.7 of 18.7 s). Past this many (an estimate, not measured:
 * some 600 bytes each with their keys, so about 120 MB) the cache starts over: slower, not wrong.
 */
export const SIGNATURE_CACHE = 200_000;

export interface DedupOptions {
  /** Signatures kept between groups. @default SIGNATURE_CACHE */
  signatureCache?: number;
}

export interface DedupResult {
  exactClusters: number;
  nearClusters: number;
  candidatePairs: number;
  verifiedPairs: number;
}

/**
 * Recomputes exact- and near-duplicate clusters over the whole Store and records them (nothing is
 * dropped: a policy decides later what to keep). Exact: same normalised-text hash. Near: documents
 * sharing an LSH bucket are compared with the bucket's smallest id, and linked when their estimated
 * Jaccard reaches NEAR_DUP_THRESHOLD; exact duplicates are near duplicates too.
 *
 * The Store does the grouping (on disk, for SQLite), so memory holds the signatures of documents
 * with candidates (at most `signatureCache` of them) and the documents that do have duplicates,
 * not an index of the whole corpus.
 */
export function computeDupClusters(store: Store, options: DedupOptions = {}): DedupResult {
  const cacheSize = Math.max(1, options.signatureCache ?? SIGNATURE_CACHE);
  const exact = new UnionFind();
  for (const ids of store.duplicateGroups('text')) for (const id of ids.slice(1)) exact.union(ids[0]!, id);

  const near = new UnionFind();
  // Pairs already compared (they may share several buckets): only documents with candidates are here.
  const compared = new Set<string>();
  let verified = 0;
  // A document without a signature is cached as null, so it is not asked for again either.
  let signatures = new Map<string, Uint32Array | null>();
  for (const ids of store.duplicateGroups('lsh')) {
    let missing = ids.filter((id) => !signatures.has(id));
    if (signatures.size + missing.length > cacheSize) {
      signatures = new Map();
      missing = ids;
    }
    const fetched = store.getMinhashes(missing);
    for (const id of missing) signatures.set(id, fetched.get(id) ?? null);
    const owner = signatures.get(ids[0]!);
    if (!owner) continue;
    for (const id of ids.slice(1)) {
      const pair = `${ids[0]!} ${id}`;
      if (compared.has(pair)) continue;
      compared.add(pair);
      const other = signatures.get(id);
      if (other && estimateJaccard(owner, other) >= NEAR_DUP_THRESHOLD) {
        near.union(ids[0]!, id);
        verified++;
      }
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
    candidatePairs: compared.size,
    verifiedPairs: verified,
  };
}
