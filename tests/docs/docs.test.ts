import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { tempDir } from '../helpers/temp-dirs.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (m) out.add(slug(m[1]!));
  }
  return out;
}

/** Markdown links outside fenced blocks and inline code: [text](target). */
function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe('README.md and docs/', () => {
  it('the README stays under 400 lines', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThan(400);
  });

  it('every relative link resolves, anchors included', () => {
    const broken: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const link of links(text)) {
        if (/^[a-z]+:/i.test(link)) continue;
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path);
        if (!existsSync(target)) {
          broken.push(`${file}: ${link} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${file}: ${link} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("every command in the README's shell blocks names a command and flags that its --help lists", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap((m) => m[1]!.split('\n'))
      .map((line) => line.replace(/\s+#.*$/, ''))
      .flatMap((line) => line.split(/\s*(?:\||&&|;)\s*/))
      .filter((segment) => segment.startsWith('corpus-audit '));
    expect(commands.length).toBeGreaterThan(10);
    const problems: string[] = [];
    const helps = new Map<string, string>();
    for (const command of commands) {
      const words = command.split(/\s+/).slice(1);
      const sub = words[0]!.startsWith('-') ? '' : words[0]!;
      if (!helps.has(sub)) {
        const io = captureIo(tempDir());
        const code = await main(sub ? [sub, '--help'] : ['--help'], io);
        helps.set(sub, code === 0 ? io.out() : '');
      }
      const help = helps.get(sub)!;
      if (!help) problems.push(`${command}: no command "${sub}"`);
      for (const flag of words.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0]!)) {
        if (!new RegExp(`${flag}[ ,\\n]`).test(help))
          problems.push(`${command}: ${flag} is not in \`${sub} --help\``);
      }
    }
    expect(problems).toEqual([]);
  });
});
