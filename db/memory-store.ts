import { hostOf, NO_HOST, utf8Length } from './host.js';
import { MemoryDetections } from './memory-detections.js';
import type {
  DocText,
  IterDocsOptions,
  IterTextsOptions,
  PutResult,
  RunEnd,
  RunStart,
  Store,
  StoredDoc,
} from './store.js';
import type {
  FrontierEntry,
  CorpusTotals,
  Doc,
  DomainRow,
  DupKind,
  DupMembership,
  DupSummary,
  LanguageRow,
  PageInfo,
  Problem,
  RunInfo,
  SourceFile,
} from './types.js';

interface Entry {
  doc: StoredDoc;
  minhash?: Uint32Array;
  lshBands?: number[];
  mwpFeatures?: Uint8Array;
}

/** A Store held in memory, with the SQLite Store's contract, for tests and throwaway audits. */
export class MemoryStore implements Store {
  private readonly docs = new Map<string, Entry>();
  private readonly runs: RunInfo[] = [];
  private readonly problems: (Problem & { runId: number })[] = [];
  private readonly sources = new Map<string, SourceFile>();
  readonly detections = new MemoryDetections(() => this.iterDocs());
  private readonly clusters = new Map<DupKind, DupMembership[]>([
    ['exact', []],
    ['near', []],
  ]);

  beginRun(run: RunStart): number {
    const id = this.runs.length + 1;
    this.runs.push({
      id,
      ...run,
      startedAt: new Date().toISOString(),
      status: 'running',
      stats: [],
      problemCount: 0,
    });
    return id;
  }

  finishRun(runId: number, end: RunEnd): void {
    const run = this.runs[runId - 1];
    if (!run) throw new Error(`No run ${runId}`);
    Object.assign(run, { status: end.status, stats: end.stats, finishedAt: new Date().toISOString() });
  }

  getRun(runId: number): RunInfo | undefined {
    const run = this.runs[runId - 1];
    return run && { ...run, problemCount: this.problems.filter((p) => p.runId === runId).length };
  }

  listRuns(): RunInfo[] {
    return this.runs.map((r) => this.getRun(r.id)!);
  }

  putDocs(docs: readonly Doc[], runId: number, source?: SourceFile): PutResult {
    let inserted = 0;
    const existingIds: string[] = [];
    for (const doc of docs) {
      if (this.docs.has(doc.id)) {
        existingIds.push(doc.id);
        continue;
      }
      // Round-trip through JSON, like the SQLite Store, so callers can't mutate what was stored.
      const { html: _html, minhash, lshBands, mwpFeatures, ...rest } = doc;
      const stored = JSON.parse(JSON.stringify({ ...rest, runId })) as StoredDoc;
      stored.textHash ??= '';
      stored.lang ??= { code: 'und', score: 0 };
      stored.sentences ??= [];
      this.docs.set(doc.id, {
        doc: stored,
        ...(minhash && { minhash: minhash.slice() }),
        ...(lshBands && { lshBands: [...lshBands] }),
        ...(mwpFeatures && { mwpFeatures: mwpFeatures.slice() }),
      });
      inserted++;
    }
    if (source) this.putSource(source);
    return { inserted, existingIds };
  }

  hasDoc(id: string): boolean {
    return this.docs.has(id);
  }

  docIdsByUrl(url: string): string[] {
    return [...this.docs.values()]
      .filter((e) => e.doc.url === url)
      .map((e) => e.doc.id)
      .sort();
  }

  getDoc(id: string): StoredDoc | undefined {
    return this.docs.get(id)?.doc;
  }

  private sorted(): Entry[] {
    return [...this.docs.values()].sort((a, b) => (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0));
  }

  *iterDocs(options: IterDocsOptions = {}): Iterable<StoredDoc> {
    for (const { doc } of this.sorted()) {
      if (options.sentences !== false) yield doc;
      else {
        const { sentences: _sentences, ...rest } = doc;
        yield rest;
      }
    }
  }

  *iterPages(): Iterable<{ id: string; page: PageInfo }> {
    for (const { doc } of this.sorted()) if (doc.page) yield { id: doc.id, page: doc.page };
  }

  *iterTexts(options: IterTextsOptions = {}): Iterable<DocText> {
    const format = options.featuresFormat;
    for (const { doc, mwpFeatures } of this.sorted()) {
      const base = {
        id: doc.id,
        ...(doc.url !== undefined && { url: doc.url }),
        lang: { code: doc.lang?.code ?? 'und' },
        ...(doc.page?.canonical !== undefined && { canonical: doc.page.canonical }),
        alternates: (doc.page?.alternates ?? []).map((a) => a.href),
      };
      yield format && mwpFeatures && startsWith(mwpFeatures, format)
        ? { ...base, features: mwpFeatures.slice() }
        : {
            ...base,
            text: doc.text,
            sentences: (doc.sentences ?? []).map(({ start, end }) => ({ start, end })),
          };
    }
  }

  countDocs(): number {
    return this.docs.size;
  }

  private readonly frontier = new Map<string, FrontierEntry & { done: boolean }>();

  crawledUrls(): string[] {
    const out: string[] = [];
    for (const { doc } of this.docs.values())
      if (doc.provenance.sourceKind === 'crawl' && doc.url) out.push(doc.url);
    return out;
  }

  recordsEnd(path: string): number | undefined {
    let end: number | undefined;
    for (const { doc } of this.docs.values()) {
      const { path: from, recordOffset, recordLength } = doc.provenance;
      if (from !== path || recordOffset === undefined || recordLength === undefined) continue;
      end = Math.max(end ?? 0, recordOffset + recordLength);
    }
    return end;
  }

  frontierReset(): void {
    this.frontier.clear();
  }

  frontierAdd(entries: readonly FrontierEntry[]): void {
    for (const e of entries) {
      const had = this.frontier.get(e.url);
      if (had) had.render ||= e.render;
      else this.frontier.set(e.url, { ...e, chain: [...e.chain], done: false });
    }
  }

  frontierDone(urls: readonly string[]): void {
    for (const url of urls) {
      const e = this.frontier.get(url);
      if (e) e.done = true;
    }
  }

  frontierLoad(): { pending: FrontierEntry[]; done: string[] } {
    const pending: FrontierEntry[] = [];
    const done: string[] = [];
    for (const { done: isDone, ...e } of this.frontier.values()) {
      if (isDone) done.push(e.url);
      else pending.push(e);
    }
    return { pending, done };
  }

  addProblems(runId: number, problems: readonly Problem[]): void {
    for (const p of problems) this.problems.push({ ...p, runId });
  }

  listProblems(runId?: number): (Problem & { runId: number })[] {
    return this.problems.filter((p) => runId === undefined || p.runId === runId);
  }

  getSource(path: string): SourceFile | undefined {
    return this.sources.get(path);
  }

  putSource(source: SourceFile): void {
    this.sources.set(source.path, { ...source });
  }

  *duplicateGroups(by: 'text' | 'lsh'): Iterable<string[]> {
    const groups = new Map<string | number, string[]>();
    for (const e of this.sorted()) {
      const keys = by === 'text' ? (e.doc.textHash ? [e.doc.textHash] : []) : (e.lshBands ?? []);
      for (const key of keys) {
        const group = groups.get(key);
        if (group) group.push(e.doc.id);
        else groups.set(key, [e.doc.id]);
      }
    }
    const multi = [...groups].filter(([, ids]) => ids.length > 1);
    // The SQLite Store's orders: text groups by their smallest id, LSH groups by bucket key.
    if (by === 'lsh') multi.sort((a, b) => (a[0] as number) - (b[0] as number));
    else multi.sort((a, b) => (a[1][0]! < b[1][0]! ? -1 : 1));
    for (const [, ids] of multi) yield ids;
  }

  getMinhashes(ids: readonly string[]): Map<string, Uint32Array> {
    const out = new Map<string, Uint32Array>();
    for (const id of ids) {
      const minhash = this.docs.get(id)?.minhash;
      if (minhash) out.set(id, minhash.slice());
    }
    return out;
  }

  replaceDupClusters(kind: DupKind, members: readonly DupMembership[]): void {
    this.clusters.set(
      kind,
      [...members].sort((a, b) => (a.docId < b.docId ? -1 : 1)),
    );
  }

  getDupClusters(kind: DupKind): DupMembership[] {
    return [...(this.clusters.get(kind) ?? [])];
  }

  totals(): CorpusTotals {
    let sentences = 0;
    let bytes = 0;
    for (const { doc } of this.docs.values()) {
      sentences += doc.sentences?.length ?? 0;
      bytes += utf8Length(doc.text);
    }
    return {
      docs: this.docs.size,
      sentences,
      bytes,
      sources: this.sources.size,
      runs: this.runs.length,
      problems: this.problems.length,
    };
  }

  languageStats(): LanguageRow[] {
    const rows = new Map<string, LanguageRow>();
    const row = (lang: string): LanguageRow => {
      let r = rows.get(lang);
      if (!r) rows.set(lang, (r = { lang, docs: 0, sentences: 0, bytes: 0, sentencesTagged: 0 }));
      return r;
    };
    for (const { doc } of this.docs.values()) {
      const r = row(doc.lang?.code ?? 'und');
      r.docs++;
      r.sentences += doc.sentences?.length ?? 0;
      r.bytes += utf8Length(doc.text);
      for (const s of doc.sentences ?? []) row(s.lang.code).sentencesTagged++;
    }
    // A row per document language: sentence tags of languages no page has are not rows (see LanguageRow).
    return [...rows.values()]
      .filter((r) => r.docs > 0)
      .sort((a, b) => b.docs - a.docs || b.sentencesTagged - a.sentencesTagged || (a.lang < b.lang ? -1 : 1));
  }

  private redundant(kind: DupKind): Set<string> {
    return new Set(
      (this.clusters.get(kind) ?? []).filter((m) => m.clusterId !== m.docId).map((m) => m.docId),
    );
  }

  domainStats(): DomainRow[] {
    const exact = this.redundant('exact');
    const near = this.redundant('near');
    const rows = new Map<string, DomainRow & { langCounts: Map<string, number> }>();
    for (const { doc } of this.docs.values()) {
      const host = hostOf(doc.url) ?? NO_HOST;
      let r = rows.get(host);
      if (!r) {
        r = {
          host,
          docs: 0,
          sentences: 0,
          bytes: 0,
          languages: [],
          exactDuplicates: 0,
          nearDuplicates: 0,
          langCounts: new Map(),
        };
        rows.set(host, r);
      }
      r.docs++;
      r.sentences += doc.sentences?.length ?? 0;
      r.bytes += utf8Length(doc.text);
      if (exact.has(doc.id)) r.exactDuplicates++;
      if (near.has(doc.id)) r.nearDuplicates++;
      const lang = doc.lang?.code ?? 'und';
      r.langCounts.set(lang, (r.langCounts.get(lang) ?? 0) + 1);
    }
    return [...rows.values()]
      .sort((a, b) => b.docs - a.docs || (a.host < b.host ? -1 : 1))
      .map(({ langCounts, ...r }) => ({
        ...r,
        languages: [...langCounts]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 5)
          .map(([lang, docs]) => ({ lang, docs })),
      }));
  }

  dupSummary(): DupSummary[] {
    return (['exact', 'near'] as const).map((kind) => {
      const members = this.clusters.get(kind) ?? [];
      const clusters = new Set(members.map((m) => m.clusterId)).size;
      return { kind, clusters, docsInClusters: members.length, redundantDocs: members.length - clusters };
    });
  }

  close(): void {
    // Nothing to release.
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}
