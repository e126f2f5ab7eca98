import type { IngestProgress } from '../ingest/ingest.js';
import { formatBytes, formatCount } from './format.js';
import type { Io } from './io.js';

/** Redraws at most this often: a terminal flooded with updates slows the work it reports on. */
const REDRAW_MS = 100;
/**
 * Without a terminal (CI logs, output to a file), a full line this often, the first after as long:
 * a long stage shows life, a short command prints nothing extra.
 */
export const LOG_EVERY_MS = 10_000;

type Out = { write(text: string): unknown; columns?: number };

/**
 * Where a progress display writes: on a terminal, one line redrawn in place (at most every
 * 100 ms) and cleared at the end; elsewhere (`log`), a whole line every LOG_EVERY_MS.
 */
class ProgressOutput {
  private last: number;
  private drawn = false;
  readonly started = performance.now();

  constructor(
    private readonly out: Out,
    private readonly log: boolean,
  ) {
    this.last = this.log ? this.started : 0;
  }

  write(make: () => string, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < (this.log ? LOG_EVERY_MS : REDRAW_MS)) return;
    this.last = now;
    if (this.log) {
      this.out.write(`progress: ${make()}\n`);
      return;
    }
    this.out.write(`\r${make().slice(0, (this.out.columns ?? 120) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}

/**
 * A one-line progress display for ingests: bar, bytes, documents read and stored, docs/s and
 * MB/s, ETA. `done()` clears it on a terminal.
 */
export class ProgressBar {
  private readonly output: ProgressOutput;

  constructor(out: Out, log = false) {
    this.output = new ProgressOutput(out, log);
  }

  update(p: IngestProgress, force = false): void {
    this.output.write(() => {
      const seconds = Math.max((performance.now() - this.output.started) / 1000, 1e-3);
      const share = p.bytesTotal ? Math.min(p.bytesDone / p.bytesTotal, 1) : 1;
      const width = 24;
      const filled = Math.round(share * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const rate = p.bytesDone / seconds;
      const eta = rate > 0 ? Math.max(p.bytesTotal - p.bytesDone, 0) / rate : 0;
      return (
        `${bar} ${(share * 100).toFixed(0).padStart(3)}%  file ${Math.min(p.fileIndex + 1, p.files)} of ${p.files}  ` +
        `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}  ${formatCount(p.docsRead ?? p.docs)} docs read, ` +
        `${formatCount(p.docs)} stored  ${((p.docsRead ?? p.docs) / seconds).toFixed(0)} docs/s  ` +
        `${(rate / 1e6).toFixed(1)} MB/s  ETA ${Math.ceil(eta)} s`
      );
    }, force);
  }

  done(): void {
    this.output.done();
  }
}

/** What the counts of a stage's phase are counted in. */
const PHASE_UNITS: Record<string, string> = {
  align: 'page pairs',
  'embedding sentences': 'sentences',
  collapse: 'model trainings',
};

/** A one-line display of a multi-phase stage: phase, done of total with its unit, elapsed time. */
export class PhaseLine {
  private readonly output: ProgressOutput;

  constructor(out: Out, log = false) {
    this.output = new ProgressOutput(out, log);
  }

  update(phase: string, done: number, total: number, unit = PHASE_UNITS[phase] ?? 'pages'): void {
    this.show(
      total > 0
        ? `${phase}: ${formatCount(done)} of ${formatCount(total)} ${unit}`
        : done > 0
          ? `${phase}: ${formatCount(done)} ${unit}`
          : phase,
    );
  }

  /** Any one-line text, with the time elapsed since the display began. */
  show(text: string): void {
    this.output.write(() => `${text}, ${((performance.now() - this.output.started) / 1000).toFixed(0)} s`);
  }

  done(): void {
    this.output.done();
  }
}

/**
 * The progress display a command uses: redrawn in place on a terminal, a line every
 * LOG_EVERY_MS elsewhere, none when `enabled` is false (`--no-progress`, `--json`).
 */
export function phaseLine(io: Pick<Io, 'stderr'>, enabled = true): PhaseLine | undefined {
  return enabled ? new PhaseLine(io.stderr, !io.stderr.isTTY) : undefined;
}
