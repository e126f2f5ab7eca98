import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../crawlers/browser.js';
import type { Chart } from './report.js';

/** Renders each chart's SVG to `<dir>/<id>.png` with Debian's chromium (no network: the SVG is inline). */
export async function writePngs(charts: readonly Chart[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const browser = await launchChromium([]);
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    const files: string[] = [];
    for (const c of charts) {
      await page.setContent(`<!doctype html><body style="margin:0">${c.svg}</body>`);
      const file = join(dir, `${c.id}.png`);
      await page.locator('svg').first().screenshot({ path: file });
      files.push(file);
    }
    return files;
  } finally {
    await browser.close();
  }
}
