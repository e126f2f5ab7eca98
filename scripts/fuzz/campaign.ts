import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hashSeed, rng } from '../../db/random.js';
import { makeBombs } from './bombs.js';
import { MUTATIONS, mutate, type Mutant } from './mutate.js';
import { buildSeeds, pack, type Seed } from './seeds.js';
import type { CaseResult } from './worker.js';

/** The worker runs from the build (the tests' global setup and `npm run fuzz` both build first). */
const WORKER = join('dist', 'scripts', 'fuzz', 'worker.js');

export interface Failure {
  case: number;
  seed: string;
  mutation: string;
  /** crash, hang, memory, lost-before-damage, not-resynchronized, silent-loss */
  what: string;
  detail: string;
  /** The mutated file, kept when the campaign is asked to keep failures. */
  file?: string;
}

export interface CampaignOptions {
  seed: number;
  count: number;
  dir: string;
  /** A case taking longer is a hang (the worker is killed and started again). */
  caseTimeoutMs?: number;
  /** Peak RSS of the reading process allowed for one file (the 600 MB). */
  rssLimitMb?: number;
  keepFailures?: boolean;
  log?: (line: string) => void;
}

export interface CampaignResult {
  cases: number;
  failures: Failure[];
  /** Cases per mutation kind and the problems reported for them: what the damage looked like. */
  problemCounts: Record<string, number>;
  slowest: { ms: number; seed: string; mutation: string; mb: number };
  peakRssMb: number;
}

/** One worker process, answering one case at a time. */
class Worker {
  private child: ChildProcessWithoutNullStreams;
  private lines: AsyncIterator<string>;

  constructor() {
    this.child = spawn(process.execPath, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.resume();
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** The worker's answer, 'hang' after `timeoutMs`, or 'died' when it exits without one. */
  async read(path: string, timeoutMs: number): Promise<CaseResult | 'hang' | 'died'> {
    this.child.stdin.write(`${path}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => {
        resolve('hang');
      }, timeoutMs);
    });
    const answer = this.lines.next().then((r) => (r.done ? 'died' : (JSON.parse(r.value) as CaseResult)));
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** Where each document of the unmutated file lies (for JSONL, its line's bytes). */
type Spans = Map<string, [number, number]>;

function docSpans(result: CaseResult, lineSpans: [number, number][] | undefined): Spans | undefined {
  const spans: Spans = new Map();
  for (const doc of result.docs) {
    if (doc.offset !== undefined && doc.length !== undefined)
      spans.set(doc.id, [doc.offset, doc.offset + doc.length]);
    else if (doc.line !== undefined && lineSpans?.[doc.line - 1]) spans.set(doc.id, lineSpans[doc.line - 1]!);
    else return undefined;
  }
  return spans;
}

/** What is wrong with a case's result, judged against the unmutated file's documents. */
function judge(result: CaseResult, mutant: Mutant, original: CaseResult, spans: Spans | undefined): string[] {
  const wrong: string[] = [];
  const got = new Set(result.docs.map((d) => d.id));
  if (result.threw) wrong.push(`crash|the reader threw ${result.threw}`);
  if (spans) {
    const before = [...spans].filter(([, [, end]]) => end <= mutant.damageAt);
    const lostBefore = before.filter(([id]) => !got.has(id));
    if (lostBefore.length)
      wrong.push(
        `lost-before-damage|${lostBefore.length} of ${before.length} records before offset ${mutant.damageAt} lost`,
      );
    if (mutant.kind !== 'truncate') {
      const after = [...spans].filter(([, [start]]) => start >= mutant.damageEnd);
      const lostAfter = after.filter(([id]) => !got.has(id));
      if (lostAfter.length) {
        wrong.push(
          `not-resynchronized|${lostAfter.length} of ${after.length} records after offset ${mutant.damageEnd} lost`,
        );
      }
    }
  }
  const reported =
    result.problems.length > original.problems.length ||
    result.problems.some((code) => !original.problems.includes(code)) ||
    result.skipped > original.skipped;
  // Damage inside records can leave bytes that are still valid (two JSON lines joined into one, a
  // changed word): the records it touches may be lost unreported, and no others.
  const touched = spans
    ? [...spans.values()].filter(
        ([start, end]) => start < Math.max(mutant.damageEnd, mutant.damageAt + 1) && end > mutant.damageAt,
      ).length
    : 1;
  const lost = original.docs.length - result.docs.length;
  if (lost > touched && !reported) wrong.push(`silent-loss|${lost} documents fewer and nothing reported`);
  return wrong;
}

/**
 * Mutates the seeds `count` times (every mutation kind on every seed in turn, positions and bytes
 * from `seed`), reads each mutant in a worker process under a time and memory limit, and returns
 * every broken promise: a crash, a hang, memory over the limit, a record before the damage lost, a
 * record after it that a resynchronizing reader could reach lost, or documents lost unreported.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const { count, dir, caseTimeoutMs = 60_000, rssLimitMb = 600, log } = options;
  const seeds = await buildSeeds();
  const bombs = await makeBombs();
  let worker = new Worker();
  const restart = (): void => {
    worker.kill();
    worker = new Worker();
  };
  const originals = new Map<Seed, { result: CaseResult; spans: Spans | undefined }>();
  for (const [i, seed] of seeds.entries()) {
    const path = join(dir, `seed-${i}${seed.ext}`);
    const packed = pack(seed.records, seed.packing);
    writeFileSync(path, packed.bytes);
    const result = await worker.read(path, caseTimeoutMs);
    if (typeof result === 'string' || result.threw || result.docs.length === 0) {
      throw new Error(`fuzz seed ${seed.name} does not read cleanly: ${JSON.stringify(result)}`);
    }
    originals.set(seed, { result, spans: docSpans(result, packed.spans) });
    rmSync(path);
  }

  const failures: Failure[] = [];
  const problemCounts: Record<string, number> = {};
  const slowest = { ms: 0, seed: '', mutation: '', mb: 0 };
  let peakRssMb = 0;
  for (let k = 0; k < count; k++) {
    const seed = seeds[k % seeds.length]!;
    const mutation = MUTATIONS[Math.floor(k / seeds.length) % MUTATIONS.length]!;
    const mutant = mutate(seed, mutation, rng(hashSeed('fuzz', options.seed, k)), bombs);
    const path = join(dir, `case-${k}${seed.ext}`);
    writeFileSync(path, mutant.bytes);
    const result = await worker.read(path, caseTimeoutMs);
    const original = originals.get(seed)!;
    let wrong: string[];
    if (result === 'hang') {
      wrong = [`hang|no answer in ${caseTimeoutMs} ms`];
      restart();
    } else if (result === 'died') {
      wrong = ['crash|the reading process died'];
      restart();
    } else {
      wrong = judge(result, mutant, original.result, original.spans);
      for (const code of result.problems) problemCounts[code] = (problemCounts[code] ?? 0) + 1;
      peakRssMb = Math.max(peakRssMb, result.rssMb);
      if (result.rssMb > rssLimitMb) {
        wrong.push(`memory|peak RSS ${result.rssMb.toFixed(0)} MB`);
        restart();
      }
      if (result.ms > slowest.ms) {
        Object.assign(slowest, {
          ms: result.ms,
          seed: seed.name,
          mutation,
          mb: mutant.bytes.length / 1024 ** 2,
        });
      }
    }
    for (const w of wrong) {
      const [what, detail] = w.split('|') as [string, string];
      const failure: Failure = { case: k, seed: seed.name, mutation, what, detail };
      if (options.keepFailures) failure.file = path;
      failures.push(failure);
      log?.(`case ${k} (${seed.name}, ${mutation}): ${what}: ${detail}`);
    }
    if (!(options.keepFailures && wrong.length)) rmSync(path);
    if (k % 50 === 49) log?.(`${k + 1}/${count} cases, ${failures.length} failures`);
  }
  worker.kill();
  return { cases: count, failures, problemCounts, slowest, peakRssMb };
}
