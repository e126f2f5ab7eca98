import { Help, Option, type Command } from 'commander';
import { UsageError, type Io } from './io.js';

/**
 * The CLI's flag conventions (README, "Flags"): sizes in MB (`--max-record-mb`), durations with
 * their unit in the name (`--timeout-ms`) that also take `30s`, `500ms`, `2m`; one name per idea
 * (`--workers` for worker threads, `--out` for what a command writes); old names stay, hidden, for
 * one minor version with a note on stderr.
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * A duration flag's value in ms: `500ms`, `30s`, `2m`, `1h`, or a bare number in the flag's own
 * unit (`unit`). A UsageError names the flag and what it takes.
 */
export function durationFlag(value: string, flag: string, unit: 'ms' | 's', minMs = 0): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  const ms = m ? Number(m[1]) * UNIT_MS[(m[2] ?? unit) as keyof typeof UNIT_MS] : NaN;
  if (!Number.isFinite(ms) || ms < minMs) {
    throw new UsageError(
      `${flag} takes a duration such as 500ms, 30s or 2m (a bare number is in ${unit === 'ms' ? 'milliseconds' : 'seconds'}), at least ${minMs} ms; got '${value}'`,
    );
  }
  return Math.round(ms);
}

/** Numeric defaults print as numbers (`default: 10`), not as the strings commander holds. */
export function configureFlagHelp(program: Command): void {
  program.configureHelp({
    optionDescription(this: Help, option: Option): string {
      if (
        option.defaultValueDescription === undefined &&
        typeof option.defaultValue === 'string' &&
        /^-?\d+(\.\d+)?$/.test(option.defaultValue)
      ) {
        option.defaultValueDescription = option.defaultValue;
      }
      return Help.prototype.optionDescription.call(this, option);
    },
  });
}

/**
 * Keeps an old flag working, hidden from `--help`: its value goes to `replacement` (converted when
 * the units differ), with a deprecation note on stderr. Where both are given, the new one wins.
 */
export function deprecatedFlag(
  command: Command,
  flags: string,
  replacement: string,
  io: Pick<Io, 'stderr'>,
  convert: (value: string) => string = (v) => v,
): void {
  const old = new Option(flags).hideHelp();
  const target = new Option(replacement).attributeName();
  command.addOption(old);
  command.hook('preAction', (cmd) => {
    const value = cmd.getOptionValue(old.attributeName()) as string | undefined;
    if (value === undefined) return;
    io.stderr.write(
      `corpus-audit: ${old.long ?? flags} is deprecated and goes in the next minor version; use ${replacement}\n`,
    );
    if (cmd.getOptionValueSource(target) !== 'cli')
      cmd.setOptionValueWithSource(target, convert(value), 'cli');
  });
}
