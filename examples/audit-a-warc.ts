// Audit one archive end to end: ingest -> score -> list flagged pages -> export -> report.
// Usage: node dist/examples/audit-a-warc.js <input.warc.gz> <out-folder>
import { join } from 'node:path';
import {
  defaultPolicy,
  exportStore,
  ingest,
  listPages,
  scoreStore,
  SqliteStore,
  writeReport,
} from 'corpus-audit';

const [input, out = 'audit-out'] = process.argv.slice(2);
if (!input) throw new Error('usage: audit-a-warc <input> [out-folder]');

const database = join(out, 'audit.sqlite');
const store = new SqliteStore(database);
try {
  const read = await ingest({ inputs: [input], store, workers: 0 });
  console.log(`stored ${read.docsStored} documents, ${read.problems} problems`);

  const scored = await scoreStore({ store });
  console.log(`verdicts: ${scored.verdicts}`);

  const policy = defaultPolicy();
  const flagged = listPages(store, policy, { decision: 'reject' }, 5);
  console.log(`rejected: ${flagged.matched} of ${flagged.total}`);
  for (const page of flagged.rows)
    console.log(`  ${page.verdict} ${page.reasons.join(',')} ${page.url ?? page.id}`);

  const exported = await exportStore({ store, policy, clean: join(out, 'clean.jsonl.gz') });
  console.log(`clean ${exported.clean.docs}, rejected ${exported.rejected.docs}`);

  const report = writeReport({ store, database, policy, out: join(out, 'report') });
  console.log(`report: ${report.files.length} files`);
} finally {
  store.close();
}
