import { join } from 'node:path';
import { SqliteStore } from '../../db/sqlite-store.js';
import type { Verdict } from '../../db/types.js';
import { sampleDoc } from './docs.js';

const thresholds = {
  'machine-translation': { '0.01': 0.9, '0.05': 0.5 },
  'lm-generated': { '0.01': 0.9, '0.05': 0.5 },
};
const mtVerdict = (docId: string): Verdict => ({
  docId,
  label: 'machine-translation',
  probs: { human: 0.02, 'machine-translation': 0.97, 'lm-generated': 0.01 },
  fprLevel: 0.01,
  reasons: [
    { code: 'mwp_tuple_8plus', detector: 'mwp', value: 0.9, detail: '90% of sentences in 8+-way tuples' },
  ],
  calibration: 'cal',
  thresholds,
});

/** 12 stored pages: 4 with a machine-translation verdict, one exact duplicate, the rest human. */
export function judgedDatabase(dir: string): string {
  const path = join(dir, 'audit.sqlite');
  const store = new SqliteStore(path);
  const runId = store.beginRun({ command: 'test', config: {}, codeVersion: 'test' });
  store.putDocs(
    Array.from({ length: 12 }, (_, i) => sampleDoc(i)),
    runId,
  );
  store.finishRun(runId, { status: 'completed', stats: [] });
  store.detections.replaceScores(
    'mwp',
    [0, 3, 6, 9].map((i) => ({ docId: sampleDoc(i).id, detector: 'mwp', name: 'share_8plus', value: 0.9 })),
  );
  store.detections.replaceVerdicts(
    Array.from({ length: 12 }, (_, i): Verdict => {
      const id = sampleDoc(i).id;
      return i % 3 === 0
        ? mtVerdict(id)
        : {
            ...mtVerdict(id),
            label: 'human',
            probs: { human: 0.9, 'machine-translation': 0.05, 'lm-generated': 0.05 },
            fprLevel: null,
            reasons: [],
          };
    }),
  );
  store.replaceDupClusters('exact', [
    { docId: sampleDoc(1).id, clusterId: sampleDoc(1).id },
    { docId: sampleDoc(2).id, clusterId: sampleDoc(1).id },
  ]);
  store.close();
  return path;
}
