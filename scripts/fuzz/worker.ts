import { statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readInput } from '../../crawlers/open-input.js';
import { collectingContext } from '../../crawlers/reader-context.js';

/**
 * The fuzzer's child process: reads one file path per line on stdin, reads the file as ingest
 * does (default limits), and answers one JSON line: the documents (id and where they came from),
 * the problems and skips reported, or what was thrown; the time taken and the process's peak RSS.
 * Run apart from the campaign so that a hang or a crash costs one case, not the campaign.
 */
export interface CaseResult {
  docs: { id: string; offset?: number; length?: number; line?: number }[];
  problems: string[];
  skipped: number;
  threw?: string;
  ms: number;
  rssMb: number;
}

async function readCase(path: string): Promise<CaseResult> {
  const ctx = collectingContext();
  const docs: CaseResult['docs'] = [];
  const started = performance.now();
  let threw: string | undefined;
  try {
    const { size, mtimeMs } = statSync(path);
    for await (const doc of readInput({ path, size, mtimeMs }, ctx)) {
      const { recordOffset, recordLength, line } = doc.provenance;
      docs.push({ id: doc.id, offset: recordOffset, length: recordLength, line });
    }
  } catch (err) {
    threw = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  return {
    docs,
    problems: ctx.problems.map((p) => p.code),
    skipped: Object.values(ctx.skipped).reduce((a, b) => a + b, 0),
    ...(threw && { threw }),
    ms: performance.now() - started,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

for await (const path of createInterface({ input: process.stdin })) {
  if (path) process.stdout.write(`${JSON.stringify(await readCase(path))}\n`);
}
