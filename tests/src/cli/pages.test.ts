import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { PageRow } from '../../../policy/list-pages.js';
import { sampleDoc } from '../../helpers/docs.js';
import { captureIo } from '../../helpers/io.js';
import { judgedDatabase } from '../../helpers/judged-store.js';
import { tempDir } from '../../helpers/temp-dirs.js';

async function pages(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const dir = tempDir();
  judgedDatabase(dir);
  const io = captureIo(dir);
  const code = await main(['pages', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const rows = (out: string): PageRow[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PageRow);

describe('corpus-audit pages', () => {
  it('lists rejected pages with verdict, decision, reasons and URL, as export would judge them', async () => {
    const { code, out } = await pages(['--decision', 'reject']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^decision\s+verdict\s+p\(machine\)\s+lang\s+reasons\s+url or id$/);
    expect(lines.slice(2, -1)).toHaveLength(4);
    expect(lines[2]).toMatch(
      /^reject\s+machine-translation\s+mt 0\.97\s+deu\s+verdict_machine_translation\S*\s+https:\/\/www\.site0\.example\/page\/0$/,
    );
    expect(lines.at(-1)).toBe('4 matching page(s) of 12; `corpus-audit page <url-or-id>` shows one');
  });

  it('filters by language, domain and score bounds; --jsonl gives every matching page', async () => {
    const { out } = await pages([
      '--jsonl',
      '--lang',
      'eng',
      '--domain',
      'site0.example',
      '--score',
      'mwp.share_8plus>=0.9',
    ]);
    // Pages 0..11 with n % 3 === 0 (site0, the mwp score) and odd n (eng): 3 and 9.
    expect(rows(out).map((r) => r.id)).toEqual([sampleDoc(3).id, sampleDoc(9).id]);
    expect(rows(out)[0]).toMatchObject({
      lang: 'eng',
      domain: 'www.site0.example',
      verdict: 'machine-translation',
    });
    const human = await pages(['--jsonl', '--score', 'p.human>0.5', '--limit', '2']);
    expect(rows(human.out).map((r) => r.verdict)).toEqual(['human', 'human']);
  });

  it('says how many matched beyond the limit, and rejects a bad filter with what it takes', async () => {
    const limited = await pages(['--limit', '3']);
    expect(limited.out.trim().split('\n').at(-1)).toBe(
      '3 of 12 matching pages shown (of 12); --limit 0 shows all; `corpus-audit page <url-or-id>` shows one',
    );
    const bad = await pages(['--score', 'share>1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--score takes detector\.name<op>number/);
    const verdict = await pages(['--verdict', 'spam']);
    expect(verdict.err).toMatch(/--verdict takes human, machine-translation/);
  });
});
