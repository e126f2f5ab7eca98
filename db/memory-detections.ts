import type { DetectionTables, StoredDoc, TranslationData } from './store.js';
import type {
  DocLink,
  DocScore,
  Evidence,
  SentenceTuple,
  TupleInfo,
  TupleSizeCount,
  Verdict,
} from './types.js';

/** The detector tables of the in-memory Store, with the SQLite Store's contract. */
export class MemoryDetections implements DetectionTables {
  private links: DocLink[] = [];
  private tuples = new Map<number, TupleInfo>();
  private sentences = new Map<string, SentenceTuple[]>();
  private readonly scores = new Map<string, DocScore[]>();
  private readonly evidence = new Map<string, Evidence[]>();
  private readonly scored = new Map<string, Map<string, string>>();
  private verdicts = new Map<string, Verdict>();

  /** `docs` gives the Store's documents, for the saturation counts. */
  constructor(private readonly docs: () => Iterable<StoredDoc>) {}

  replaceTranslations(data: TranslationData): void {
    const links = [...data.links].map((l) => ({ ...l, via: [...l.via] }));
    const tuples = new Map<number, TupleInfo>();
    for (const t of data.tuples) {
      if (tuples.has(t.id)) throw new Error(`duplicate tuple id ${t.id}`);
      tuples.set(t.id, { ...t, languages: [...t.languages] });
    }
    const sentences = new Map<string, SentenceTuple[]>();
    for (const s of data.sentences) {
      const list = sentences.get(s.docId) ?? [];
      if (list.some((x) => x.idx === s.idx)) throw new Error(`sentence ${s.docId}#${s.idx} in two tuples`);
      list.push({ ...s });
      sentences.set(s.docId, list);
    }
    this.links = links;
    this.tuples = tuples;
    this.sentences = sentences;
  }

  docLinks(docId: string): DocLink[] {
    return this.links
      .filter((l) => l.docA === docId || l.docB === docId)
      .sort((a, b) => b.quality - a.quality || cmp(a.docA, b.docA) || cmp(a.docB, b.docB))
      .map((l) => ({ ...l, via: [...l.via] }));
  }

  sentenceTuples(docId: string): SentenceTuple[] {
    return [...(this.sentences.get(docId) ?? [])].sort((a, b) => a.idx - b.idx);
  }

  getTuple(id: number): TupleInfo | undefined {
    const t = this.tuples.get(id);
    return t && { ...t, languages: [...t.languages] };
  }

  tupleMembers(id: number): { docId: string; idx: number }[] {
    const out: { docId: string; idx: number }[] = [];
    for (const list of this.sentences.values()) {
      for (const s of list) if (s.tupleId === id) out.push({ docId: s.docId, idx: s.idx });
    }
    return out.sort((a, b) => cmp(a.docId, b.docId) || a.idx - b.idx);
  }

  tupleSizeCounts(): TupleSizeCount[] {
    const rows = new Map<string, TupleSizeCount>();
    for (const doc of this.docs()) {
      const sizes = new Map((this.sentences.get(doc.id) ?? []).map((s) => [s.idx, s.size]));
      (doc.sentences ?? []).forEach((s, idx) => {
        const lang = doc.lang?.code ?? 'und';
        const size = sizes.get(idx) ?? 1;
        const key = `${lang}\u0000${size}`;
        const row = rows.get(key) ?? { lang, size, sentences: 0, chars: 0 };
        row.sentences++;
        row.chars += s.end - s.start;
        rows.set(key, row);
      });
    }
    return [...rows.values()].sort((a, b) => cmp(a.lang, b.lang) || a.size - b.size);
  }

  replaceScores(detector: string, scores: Iterable<DocScore>, evidence: Iterable<Evidence> = []): void {
    const newScores = new Map<string, DocScore>();
    for (const s of scores) {
      if (s.detector !== detector) throw new Error(`score for detector ${s.detector} written as ${detector}`);
      newScores.set(`${s.docId}\u0000${s.name}`, { ...s });
    }
    const newEvidence: Evidence[] = [];
    for (const e of evidence) {
      if (e.detector !== detector)
        throw new Error(`evidence of detector ${e.detector} written as ${detector}`);
      newEvidence.push({ ...e });
    }
    for (const [id, list] of this.scores)
      this.scores.set(
        id,
        list.filter((s) => s.detector !== detector),
      );
    for (const [id, list] of this.evidence)
      this.evidence.set(
        id,
        list.filter((e) => e.detector !== detector),
      );
    for (const s of newScores.values()) this.scores.set(s.docId, [...(this.scores.get(s.docId) ?? []), s]);
    for (const e of newEvidence) this.evidence.set(e.docId, [...(this.evidence.get(e.docId) ?? []), e]);
  }

  docScores(docId: string): DocScore[] {
    return (this.scores.get(docId) ?? [])
      .map((s) => ({ ...s }))
      .sort((a, b) => cmp(a.detector, b.detector) || cmp(a.name, b.name));
  }

  docEvidence(docId: string): Evidence[] {
    // Array.prototype.sort is stable: each detector's evidence keeps the order it was written in.
    return (this.evidence.get(docId) ?? [])
      .map((e) => ({ ...e }))
      .sort((a, b) => cmp(a.detector, b.detector));
  }

  evidenceCounts(): { detector: string; code: string; docs: number }[] {
    const docs = new Map<string, Set<string>>();
    for (const list of this.evidence.values()) {
      for (const e of list) {
        const key = `${e.detector}\u0000${e.code}`;
        docs.set(key, (docs.get(key) ?? new Set()).add(e.docId));
      }
    }
    return [...docs]
      .map(([key, set]) => {
        const [detector, code] = key.split('\u0000') as [string, string];
        return { detector, code, docs: set.size };
      })
      .sort((a, b) => cmp(a.detector, b.detector) || b.docs - a.docs || cmp(a.code, b.code));
  }

  putScoreBatch(
    detector: string,
    digest: string,
    docIds: readonly string[],
    scores: readonly DocScore[],
    evidence: readonly Evidence[] = [],
  ): void {
    for (const s of scores)
      if (s.detector !== detector) throw new Error(`score for detector ${s.detector} written as ${detector}`);
    for (const e of evidence)
      if (e.detector !== detector)
        throw new Error(`evidence of detector ${e.detector} written as ${detector}`);
    const marks = this.scored.get(detector) ?? new Map<string, string>();
    this.scored.set(detector, marks);
    for (const id of docIds) {
      marks.set(id, digest);
      this.scores.set(
        id,
        (this.scores.get(id) ?? []).filter((s) => s.detector !== detector),
      );
      this.evidence.set(
        id,
        (this.evidence.get(id) ?? []).filter((e) => e.detector !== detector),
      );
    }
    for (const s of scores) this.scores.get(s.docId)?.push({ ...s });
    for (const e of evidence) this.evidence.get(e.docId)?.push({ ...e });
  }

  scoredDocs(detector: string): Map<string, string> {
    return new Map(this.scored.get(detector) ?? []);
  }

  replaceVerdicts(verdicts: Iterable<Verdict>): void {
    const next = new Map<string, Verdict>();
    for (const v of verdicts) next.set(v.docId, structuredClone(v));
    this.verdicts = next;
  }

  getVerdict(docId: string): Verdict | undefined {
    const v = this.verdicts.get(docId);
    return v && structuredClone(v);
  }

  verdictCounts(): { label: string; fprLevel: number | null; docs: number }[] {
    const counts = new Map<string, { label: string; fprLevel: number | null; docs: number }>();
    for (const v of this.verdicts.values()) {
      const key = `${v.label}\u0000${v.fprLevel}`;
      const row = counts.get(key) ?? { label: v.label, fprLevel: v.fprLevel, docs: 0 };
      row.docs++;
      counts.set(key, row);
    }
    return [...counts.values()].sort(
      (a, b) => cmp(a.label, b.label) || (a.fprLevel ?? -1) - (b.fprLevel ?? -1),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
