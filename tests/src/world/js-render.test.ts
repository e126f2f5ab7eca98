import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../crawlers/browser.js';
import type { RunningWorld } from '../../../src/world/server.js';
import type { World } from '../../../src/world/world.js';
import { startWorld } from '../../helpers/world.js';

let world: World;
let running: RunningWorld;
let browser: Browser;

beforeAll(async () => {
  ({ world, running } = await startWorld({ seed: 4, pages: 60 }));
  browser = await launchChromium([...new Set(world.sites.map((s) => new URL(s.origin).hostname))]);
});

afterAll(async () => {
  await browser.close();
  await running.close();
});

describe('the JavaScript-only site in a real browser', () => {
  it('has its article text only after the script runs', async () => {
    const app = world.sites.find((s) => s.id === 'app')!;
    const page = [...app.pages()].find((p) => p.pageType === 'article')!;
    const url = app.origin + page.path;
    const errors: string[] = [];
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(url);
    await tab.waitForSelector('body[data-rendered="true"]', { timeout: 20_000 });
    const rendered = await tab.locator('article').innerText();
    const id = /(\d+)\.html$/.exec(page.path)![1];
    const api = (await (await fetch(`${app.origin}/api/articles/${id}.json`)).json()) as {
      title: string;
      paragraphs: string[];
    };
    expect(rendered).toContain(api.title);
    expect(rendered).toContain(api.paragraphs.at(-1)!);
    expect(errors).toEqual([]);
    // With scripts off, the same page has no article at all.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const bare = await context.newPage();
    await bare.goto(url);
    expect(await bare.locator('article').count()).toBe(0);
    await context.close();
  }, 60_000);
});
