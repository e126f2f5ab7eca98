import type { Store, StoredDoc } from '../db/store.js';
import type { DocLink, DocScore, Evidence, Verdict } from '../db/types.js';

export interface PageReport {
  id: string;
  url?: string;
  lang?: string;
  sentences: number;
  provenance: StoredDoc['provenance'];
  scores: DocScore[];
  evidence: Evidence[];
  /** The combined verdict, once `corpus-audit score` ran. */
  verdict?: Verdict;
  counterparts: (DocLink & { other: string; otherUrl?: string; otherLang?: string })[];
  /** Sentences in tuples, each with the other sentences of its tuple. */
  tuples: {
    idx: number;
    text: string;
    size: number;
    others: { lang: string; url?: string; text: string }[];
  }[];
}

function sentenceText(doc: StoredDoc, idx: number): string {
  const s = doc.sentences?.[idx];
  return s ? doc.text.slice(s.start, s.end) : '';
}

/**
 * The same sentence in the same language once: a tuple holds it once per page that carries it
 * (duplicate pages, mirrors), which is not another translation.
 */
function distinct<T extends { lang: string; text: string }>(others: T[]): T[] {
  const seen = new Set<string>();
  return others.filter((o) => {
    const key = `${o.lang}\u0000${o.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Everything the Store knows about one page, with the text of its counterparts' aligned sentences. */
export function pageReport(store: Store, doc: StoredDoc, limit: number): PageReport {
  const verdict = store.detections.getVerdict(doc.id);
  const counterparts = store.detections.docLinks(doc.id).map((l) => {
    const other = l.docA === doc.id ? l.docB : l.docA;
    const d = store.getDoc(other);
    return {
      ...l,
      other,
      ...(d?.url !== undefined && { otherUrl: d.url }),
      ...(d?.lang && { otherLang: d.lang.code }),
    };
  });
  const cache = new Map<string, StoredDoc | undefined>();
  const load = (id: string): StoredDoc | undefined => {
    if (!cache.has(id)) cache.set(id, store.getDoc(id));
    return cache.get(id);
  };
  const tuples = store.detections
    .sentenceTuples(doc.id)
    .slice(0, limit)
    .map((t) => ({
      idx: t.idx,
      text: sentenceText(doc, t.idx),
      size: t.size,
      others: distinct(
        store.detections
          .tupleMembers(t.tupleId)
          .filter((m) => m.docId !== doc.id)
          .map((m) => {
            const d = load(m.docId);
            return {
              lang: d?.lang?.code ?? 'und',
              ...(d?.url !== undefined && { url: d.url }),
              text: d ? sentenceText(d, m.idx) : '',
            };
          }),
      ),
    }));
  return {
    id: doc.id,
    ...(doc.url !== undefined && { url: doc.url }),
    ...(doc.lang && { lang: doc.lang.code }),
    sentences: doc.sentences?.length ?? 0,
    provenance: doc.provenance,
    scores: store.detections.docScores(doc.id),
    evidence: store.detections.docEvidence(doc.id),
    ...(verdict && { verdict }),
    counterparts,
    tuples,
  };
}
