/**
 * Apertium from the command line, paragraph-preserving: the data builders of the demo world and the
 * cross-source world translate with it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const MODES = '/usr/share/apertium/modes';

/**
 * The folder whose `modes/` holds a mode, repaired when its package points at a data folder that
 * does not exist (Debian 12's apertium-eo-es and apertium-eo-ca install to apertium-es-eo and
 * apertium-ca-eo, while their modes read from apertium-eo-es and apertium-eo-ca).
 */
function modesHome(mode: string, work: string): string | undefined {
  const text = readFileSync(join(MODES, `${mode}.mode`), 'utf8');
  const folders = [...text.matchAll(/\/usr\/share\/apertium\/(apertium-[a-z_-]+)\//g)].map((m) => m[1]!);
  const missing = [...new Set(folders)].filter((f) => !existsSync(join('/usr/share/apertium', f)));
  if (missing.length === 0) return undefined;
  let fixed = text;
  for (const folder of missing) {
    const [, a, b] = /^apertium-([a-z_]+)-([a-z_]+)$/.exec(folder) ?? [];
    const swapped = `apertium-${b}-${a}`;
    if (!a || !existsSync(join('/usr/share/apertium', swapped))) {
      throw new Error(`Apertium mode ${mode} reads /usr/share/apertium/${folder}, which is missing`);
    }
    fixed = fixed.replaceAll(`/usr/share/apertium/${folder}/`, `/usr/share/apertium/${swapped}/`);
  }
  const home = join(work, `modes-${mode}`);
  mkdirSync(join(home, 'modes'), { recursive: true });
  writeFileSync(join(home, 'modes', `${mode}.mode`), fixed);
  return home;
}

async function apertium(mode: string, input: string, work: string): Promise<string> {
  const inFile = join(work, `in-${mode}-${String(Math.random()).slice(2)}.txt`);
  writeFileSync(inFile, input);
  try {
    const home = modesHome(mode, work);
    const args = home ? ['-d', home, '-u', mode, inFile] : ['-u', mode, inFile];
    const { stdout } = await run('apertium', args, { maxBuffer: 64 << 20 });
    return stdout;
  } finally {
    rmSync(inFile, { force: true });
  }
}

function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/**
 * Translates paragraphs with one Apertium mode, keeping one output paragraph per input one.
 * Apertium keeps blank-line paragraph breaks but does not promise line alignment, so when the
 * count changes the paragraphs are redone one by one.
 */
export async function translate(paragraphs: string[], mode: string, work: string): Promise<string[]> {
  const whole = splitParagraphs(await apertium(mode, paragraphs.join('\n\n') + '\n', work));
  if (whole.length === paragraphs.length) return whole;
  const out: string[] = [];
  for (const p of paragraphs) {
    out.push(splitParagraphs(await apertium(mode, p + '\n', work)).join(' '));
  }
  return out;
}

/** The installed Debian version of a package; throws naming the package when it is missing. */
export function debianVersion(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  } catch {
    throw new Error(`Debian package ${pkg} is not installed: apt-get install ${pkg}`);
  }
}
