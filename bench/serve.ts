import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SERVICE_DEFAULTS } from '../src/serve/server.js';
import { codeVersion, packageRoot } from '../db/version.js';
import { textUnits, unitText } from '../src/world/sources.js';

/**
 * `npm run bench:serve`: the scoring service, started as its own process on loopback, under load
 * from autocannon. Baseline in the same run: GET /healthz (the HTTP stack alone) and one
 * connection. For single-document scoring at 1, 4 and 16 connections: requests/s, p50/p99 latency,
 * errors and non-2xx answers; then a soak at the sustained rate with the service's memory (from its
 * own /metrics) at the start, every 10 s, and at the end. Writes bench/results/serve-latest.json.
 * Timings depend on the machine and its load: compare ratios.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    soak: { type: 'string', default: '60' },
    connections: { type: 'string', default: '1,4,16' },
    port: { type: 'string', default: '8877' },
    /** The service's --concurrency (requests scored at once); default: the service's own. */
    'service-concurrency': { type: 'string', default: String(SERVICE_DEFAULTS.concurrency) },
  },
});
const serviceConcurrency = values['service-concurrency'];
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const levels = values.connections.split(',').map(Number);

// Real English prose from the Brown corpus, about 1,500 characters a document, 64 documents.
const docs = textUnits()
  .human.slice(0, 64)
  .map((u) => unitText(u, 'eng').join('\n').slice(0, 1500));
const bodies = docs.map((text) => JSON.stringify({ text }));
console.log(
  `${docs.length} documents of ${(docs.reduce((n, d) => n + d.length, 0) / docs.length).toFixed(0)} characters; service --concurrency ${serviceConcurrency}; ${codeVersion()}`,
);

function startService(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(packageRoot(), 'bin', 'corpus-audit.js'),
      'serve',
      '--port',
      String(port),
      '--concurrency',
      serviceConcurrency,
    ],
    {
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('serving on')) resolve(child);
    });
    child.on('exit', (code) => {
      reject(new Error(`the service exited with ${code}: ${err}`));
    });
  });
}

async function memory(): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string): number => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rss: read('corpus_audit_process_resident_memory_bytes'),
    heap: read('corpus_audit_nodejs_heap_size_used_bytes'),
  };
}

interface Load {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, connections: number, seconds: number, score: boolean): Promise<Load> {
  let i = 0;
  const result = await autocannon({
    url: score ? `${base}/v1/score` : `${base}/healthz`,
    connections,
    duration: seconds,
    ...(score && {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
        },
      ],
    }),
  });
  const out: Load = {
    name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
  console.log(
    `${name.padEnd(22)} ${String(connections).padStart(3)} conn  ${out.rps.toFixed(1).padStart(8)} req/s  ` +
      `p50 ${out.p50.toFixed(0).padStart(6)} ms  p99 ${out.p99.toFixed(0).padStart(6)} ms  ` +
      `${out.requests} requests, ${out.errors} errors, ${out.non2xx} non-2xx`,
  );
  return out;
}

const service = await startService();
try {
  const seconds = Number(values.seconds);
  await load('warm-up', 1, 3, true);
  const health = await load('GET /healthz', 4, 5, false);
  const runs: Load[] = [];
  for (const c of levels) runs.push(await load('POST /v1/score', c, seconds, true));
  const one = runs[0]!;
  console.log('\nratios against one connection (same run):');
  for (const r of runs) {
    console.log(
      `  ${String(r.connections).padStart(3)} conn: throughput x${(r.rps / one.rps).toFixed(2)}, p50 x${(r.p50 / one.p50).toFixed(2)}, p99 x${(r.p99 / one.p99).toFixed(2)}`,
    );
  }
  console.log(`  scoring costs x${(health.rps / one.rps).toFixed(0)} the time of answering /healthz`);

  // Soak at the sustained rate: as many connections as gave the best throughput without errors.
  const sustained =
    [...runs].filter((r) => r.errors + r.non2xx === 0).sort((a, b) => b.rps - a.rps)[0] ?? one;
  const soakSeconds = Number(values.soak);
  const samples: { t: number; rss: number; heap: number }[] = [];
  const start = await memory();
  samples.push({ t: 0, ...start });
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const t = Math.round((performance.now() - t0) / 1000);
    if (t < soakSeconds) void memory().then((m) => samples.push({ t, ...m }));
  }, 10_000);
  const soak = await load('soak', sustained.connections, soakSeconds, true);
  clearInterval(sampler);
  const end = await memory();
  samples.push({ t: soakSeconds, ...end });
  const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
  console.log(`\nsoak ${soakSeconds} s at ${sustained.connections} connections: memory over time`);
  for (const s of samples)
    console.log(`  ${String(s.t).padStart(3)} s  rss ${mb(s.rss)}  heap ${mb(s.heap)}`);
  console.log(
    `  end/start: rss x${(end.rss / start.rss).toFixed(2)}, heap x${(end.heap / start.heap).toFixed(2)}; ` +
      `${soak.errors} errors, ${soak.non2xx} non-2xx of ${soak.requests}`,
  );
  const all = [...runs, soak];
  const failed = all.reduce((n, r) => n + r.errors + r.non2xx, 0);
  const dir = join(packageRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'serve-latest.json'),
    JSON.stringify(
      {
        codeVersion: codeVersion(),
        serviceConcurrency: Number(serviceConcurrency),
        health,
        runs,
        soak,
        samples,
      },
      null,
      2,
    ) + '\n',
  );
  if (failed > 0) {
    console.log(`\n${failed} failed requests`);
    process.exitCode = 1;
  }
} finally {
  service.kill('SIGTERM');
}
