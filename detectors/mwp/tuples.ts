/**
 * Translation tuples as MWccMatrix builds them (Thompson et al. 2024): aligned sentence pairs are
 * merged into tuples strongest first, and two tuples merge only when they share no language, so a
 * tuple holds at most one sentence per language. Nodes are distinct sentences (by language and
 * normalised text): the same sentence on two pages is one node.
 */

/** Link strengths are bucketed to this many levels: a counting sort, stable and deterministic. */
const STRENGTH_LEVELS = 1024;

export class TupleBuilder {
  private readonly nodeOf = new Map<number, number>();
  private nodeLang: number[] = [];
  // Links as growing typed arrays: a corpus of 100,000 pages has millions of them.
  private linkA = new Int32Array(1024);
  private linkB = new Int32Array(1024);
  private linkLevel = new Uint16Array(1024);
  private links = 0;
  private parent: Int32Array = new Int32Array(0);
  /** Languages of each root's tuple, sorted; singletons are left undefined (their node's language). */
  private langs: (number[] | undefined)[] = [];
  private built = false;

  /**
   * The node of a sentence key, created on first sight. Callers that link the same sentences many
   * times look their nodes up once and use `linkNodes`: a million-entry Map of 53-bit keys is slow.
   */
  node(key: number, lang: number): number {
    let id = this.nodeOf.get(key);
    if (id === undefined) {
      id = this.nodeLang.length;
      this.nodeOf.set(key, id);
      this.nodeLang.push(lang);
    }
    return id;
  }

  /** Records an aligned pair; `strength` in [0, 1]. Links within one language are ignored. */
  link(keyA: number, langA: number, keyB: number, langB: number, strength: number): void {
    if (langA === langB || this.built) return;
    this.linkNodes(this.node(keyA, langA), this.node(keyB, langB), strength);
  }

  /** `link` for nodes from `node`. Links within one language are ignored. */
  linkNodes(a: number, b: number, strength: number): void {
    if (a === b || this.built || this.nodeLang[a] === this.nodeLang[b]) return;
    if (this.links === this.linkA.length) this.grow();
    this.linkA[this.links] = a;
    this.linkB[this.links] = b;
    this.linkLevel[this.links] = Math.min(
      STRENGTH_LEVELS - 1,
      Math.max(0, Math.floor(strength * STRENGTH_LEVELS)),
    );
    this.links++;
  }

  private grow(): void {
    const size = this.linkA.length * 2;
    const a = new Int32Array(size);
    a.set(this.linkA);
    this.linkA = a;
    const b = new Int32Array(size);
    b.set(this.linkB);
    this.linkB = b;
    const level = new Uint16Array(size);
    level.set(this.linkLevel);
    this.linkLevel = level;
  }

  private root(x: number): number {
    let r = x;
    while (this.parent[r]! !== r) r = this.parent[r]!;
    while (this.parent[x]! !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }

  private langsOf(root: number): number[] {
    return this.langs[root] ?? [this.nodeLang[root]!];
  }

  /** Merges the links, strongest first (ties in the order they were added). Returns merges made. */
  build(): number {
    if (this.built) throw new Error('TupleBuilder.build() called twice');
    this.built = true;
    const n = this.nodeLang.length;
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.langs = new Array<number[] | undefined>(n);
    // Counting sort of links by level, descending.
    const counts = new Uint32Array(STRENGTH_LEVELS + 1);
    const links = this.links;
    for (let k = 0; k < links; k++) counts[STRENGTH_LEVELS - 1 - this.linkLevel[k]!]!++;
    for (let i = 1; i <= STRENGTH_LEVELS; i++) counts[i]! += counts[i - 1]!;
    const order = new Uint32Array(links);
    for (let k = links - 1; k >= 0; k--) {
      order[--counts[STRENGTH_LEVELS - 1 - this.linkLevel[k]!]!] = k;
    }
    let merges = 0;
    for (const k of order) {
      const ra = this.root(this.linkA[k]!);
      const rb = this.root(this.linkB[k]!);
      if (ra === rb) continue;
      const la = this.langsOf(ra);
      const lb = this.langsOf(rb);
      if (!disjoint(la, lb)) continue;
      const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
      this.parent[drop] = keep;
      this.langs[keep] = mergeSorted(la, lb);
      this.langs[drop] = undefined;
      merges++;
    }
    // The link lists are no longer needed; free them before the caller writes results.
    this.linkA = new Int32Array(0);
    this.linkB = new Int32Array(0);
    this.linkLevel = new Uint16Array(0);
    this.links = 0;
    return merges;
  }

  /** The tuple (root node) and size of a sentence key, or undefined for sentences in no tuple. */
  tupleOf(key: number): { root: number; size: number } | undefined {
    const node = this.nodeOf.get(key);
    return node === undefined ? undefined : this.tupleOfNode(node);
  }

  /** `tupleOf` for a node from `node`. */
  tupleOfNode(node: number): { root: number; size: number } | undefined {
    if (!this.built || node < 0 || node >= this.parent.length) return undefined;
    const root = this.root(node);
    const size = this.langsOf(root).length;
    return size >= 2 ? { root, size } : undefined;
  }

  /** Language ids of a tuple. */
  languagesOf(root: number): readonly number[] {
    return this.langsOf(root);
  }
}

function disjoint(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return false;
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return true;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
