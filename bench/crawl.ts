import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeVersion, packageRoot } from '../db/version.js';
import { World } from '../src/world/world.js';

/**
 * `npm run bench:crawl`: pages/s of `corpus-audit crawl` against a bare crawlee CheerioCrawler on
 * the same URLs of the demo world (served by `corpus-audit demo serve` in its own process), in one
 * run, each measurement in its own process, in rounds (bare then audit, audit then bare, ...: a
 * machine that slows down for a while slows both alike) after an unmeasured pass that warms the
 * server up. Prints medians, the ratio of each round (a pair measured side by side) and their
 * median, which the goal is judged on: this machine's speed drifts by a third between minutes, and
 * a ratio of medians taken from different rounds carries that drift. Writes
 * bench/results/crawl-latest.json and appends to bench/results/crawl-history.jsonl.
 */
const PAGES = Number(process.env.BENCH_CRAWL_PAGES ?? 5000);
/** Rounds of one bare and one audit crawl each (BENCH_CRAWL_ROUNDS; about 45 s a round). */
const RUNS = Number(process.env.BENCH_CRAWL_ROUNDS ?? 5);
const RENDERED = 300;
const root = packageRoot();
/**
 * `corpus-audit demo serve` on a block of ports below Linux's ephemeral range (32768 and up, where
 * the crawls' own connections, thousands in TIME_WAIT, sit), resolving once it listens. A block in
 * use (exit code 2) is retried on another.
 */
async function startServer(): Promise<{ server: ChildProcess; world: World }> {
  for (let attempt = 1; ; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    const server = spawn(
      process.execPath,
      [
        join(root, 'bin', 'corpus-audit.js'),
        'demo',
        'serve',
        '--pages',
        String(PAGES),
        '--port',
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    server.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const listening = await new Promise<boolean>((resolve) => {
      let out = '';
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ctrl-C')) resolve(true);
      });
      server.on('exit', () => {
        resolve(false);
      });
    });
    if (listening) {
      server.stderr.pipe(process.stderr);
      return { server, world: new World({ pages: PAGES, basePort: port }) };
    }
    if (!err.includes('in use') || attempt >= 5) throw new Error(`demo serve failed: ${err.trim()}`);
  }
}

const { server, world } = await startServer();
const dir = mkdtempSync(join(tmpdir(), 'bench-crawl-'));
const list = join(dir, 'urls.txt');
// Every static page with text: what both crawlers can fetch (no robots-disallowed, slow, oversized ones).
const urls = [...world.labels()]
  .filter((l) => !l.hazards.some((h) => ['robots-disallowed', 'slow', 'oversized'].includes(h)))
  .map((l) => l.url);
writeFileSync(list, urls.join('\n') + '\n');

interface Measured {
  seconds: number;
  pages: number;
  peakRssMb: number;
  cpuSeconds: number;
  cpuSecondsDuring: number;
  mainThreadBusy: number;
  /** CPU seconds the demo server's process used meanwhile (it shares the machine's cores). */
  serverCpuSeconds?: number;
}

/** CPU seconds a process has used so far (Linux /proc), or undefined where that cannot be read. */
function cpuOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function measure(args: string[]): Measured {
  const serverBefore = cpuOf(server.pid);
  const out = execFileSync(process.execPath, [join(root, 'dist', 'bench', 'measure-crawl.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const measured = JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
  const serverAfter = cpuOf(server.pid);
  if (serverBefore !== undefined && serverAfter !== undefined)
    measured.serverCpuSeconds = serverAfter - serverBefore;
  return measured;
}
/**
 * Of the CPU time the machine's cores offered during a crawl, the share the crawl (start-up
 * excluded) and the demo server used: near 1, the crawl is bound by the CPU in all, not by one thread.
 */
function machineShare(runs: Measured[]): { serverCpuSeconds?: number; machineBusy?: number } {
  const known = runs.filter((m) => m.serverCpuSeconds !== undefined);
  if (known.length === 0) return {};
  return {
    serverCpuSeconds: median(known.map((m) => m.serverCpuSeconds!)),
    machineBusy: median(
      known.map((m) => (m.cpuSecondsDuring + m.serverCpuSeconds!) / (m.seconds * availableParallelism())),
    ),
  };
}
const rate = (m: Measured): number => m.pages / m.seconds;
const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(x * 100).toFixed(0)}%`);
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const rows: Record<
    string,
    {
      pagesPerSecond: number;
      pages: number;
      peakRssMb: number[];
      cpuSeconds: number;
      mainThreadBusy: number;
      serverCpuSeconds?: number;
      /** CPU seconds used (crawler and server) over the CPU seconds the machine's cores offered. */
      machineBusy?: number;
    }
  > = {};
  const modes = ['bare', 'audit'] as const;
  const measured: Record<(typeof modes)[number], Measured[]> = { bare: [], audit: [] };
  // A first pass over every page, not measured: the server's first answers (its JIT still cold)
  // are slower, and whichever crawler met them would be handicapped.
  measure(['bare', list]);
  for (let r = 0; r < RUNS; r++) {
    // Rounds alternate which crawler goes first (bare-audit, audit-bare, ...), so a machine or a
    // server that slows down during the run does not always fall on the same one.
    for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
      const db = join(dir, `audit-${r}.sqlite`);
      measured[mode].push(measure(mode === 'audit' ? [mode, list, db] : [mode, list]));
      rmSync(db, { force: true });
      rmSync(`${db}-wal`, { force: true });
      rmSync(`${db}-shm`, { force: true });
    }
  }
  for (const mode of modes) {
    const runs = measured[mode];
    rows[mode] = {
      pagesPerSecond: median(runs.map(rate)),
      pages: median(runs.map((m) => m.pages)),
      peakRssMb: [Math.min(...runs.map((m) => m.peakRssMb)), Math.max(...runs.map((m) => m.peakRssMb))],
      cpuSeconds: median(runs.map((m) => m.cpuSeconds)),
      mainThreadBusy: median(runs.map((m) => m.mainThreadBusy)),
      ...machineShare(runs),
    };
  }
  const roundRatios = measured.audit.map((m, r) => Number((rate(m) / rate(measured.bare[r]!)).toFixed(3)));
  // The rendered rate, on the first RENDERED URLs (a browser is far slower; once, not in every round).
  const renderList = join(dir, 'render-urls.txt');
  writeFileSync(renderList, urls.slice(0, RENDERED).join('\n') + '\n');
  const r = measure(['rendered', renderList, join(dir, 'rendered.sqlite')]);
  rows.rendered = {
    pagesPerSecond: r.pages / r.seconds,
    pages: r.pages,
    peakRssMb: [r.peakRssMb, r.peakRssMb],
    cpuSeconds: r.cpuSeconds,
    mainThreadBusy: r.mainThreadBusy,
    // No machine share: chromium's processes, where most of this crawl's CPU goes, are not counted.
  };
  const ratio = rows.audit!.pagesPerSecond / rows.bare!.pagesPerSecond;
  const pairedRatio = median(roundRatios);
  console.log(
    `demo world: ${PAGES} pages requested as ${urls.length} URLs, concurrency 8, medians of ${RUNS}`,
  );
  console.log(
    'crawler                        pages   pages/s   CPU s   main busy  machine busy   peak RSS MB',
  );
  for (const [name, r] of Object.entries(rows)) {
    console.log(
      `${({ bare: 'bare CheerioCrawler', audit: 'corpus-audit crawl', rendered: 'crawl --render always' } as Record<string, string>)[name]!.padEnd(28)} ${String(r.pages).padStart(7)} ${r.pagesPerSecond.toFixed(0).padStart(9)} ${r.cpuSeconds.toFixed(1).padStart(7)} ${pct(r.mainThreadBusy).padStart(10)} ${pct(r.machineBusy).padStart(13)}   ${r.peakRssMb.map((x) => x.toFixed(0)).join('-')}`,
    );
  }
  console.log(
    `audit / bare: ${pairedRatio.toFixed(2)}, median of the rounds (per round: ${roundRatios.map((x) => x.toFixed(2)).join(', ')}; goal >= 0.75); of the medians: ${ratio.toFixed(2)}`,
  );
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const record = {
    code: codeVersion(),
    date: new Date().toISOString(),
    pages: PAGES,
    urls: urls.length,
    rows,
    ratio,
    pairedRatio,
    roundRatios,
    // Each round's rates and order, to see drift within a run (the later rounds tend to be lower).
    rounds: measured.audit.map((m, r) => ({
      first: r % 2 === 0 ? 'bare' : 'audit',
      barePagesPerSecond: Number(rate(measured.bare[r]!).toFixed(1)),
      auditPagesPerSecond: Number(rate(m).toFixed(1)),
    })),
  };
  writeFileSync(join(resultsDir, 'crawl-latest.json'), JSON.stringify(record, null, 2) + '\n');
  appendFileSync(join(resultsDir, 'crawl-history.jsonl'), JSON.stringify(record) + '\n');
} finally {
  server.kill('SIGINT');
  rmSync(dir, { recursive: true, force: true });
}
