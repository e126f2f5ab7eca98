import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium: the only browser this project drives; it never downloads one. */
export const CHROMIUM_PATH = process.env.CORPUS_AUDIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Switches that keep chromium from reaching the network on its own (component updates, sync,
 * safe browsing, Google host lookups) and make it work as root in a container.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
];

/**
 * Launches headless chromium through a dead proxy that only the given hostnames bypass, so the
 * only requests that leave the browser are to the sites being crawled. Ports are dropped: a
 * bypass rule with a port does not match through Playwright's proxy settings.
 */
export async function launchChromium(bypassHosts: readonly string[]): Promise<Browser> {
  const hosts = [...new Set(bypassHosts.map((h) => h.replace(/:\d+$/, '')))];
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `chromium not found at ${CHROMIUM_PATH}; install Debian's (apt-get install chromium) ` +
        'or set CORPUS_AUDIT_CHROMIUM',
    );
  }
  // Loaded on first launch: Playwright takes a fifth of a second to load, and most commands never start a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    proxy: { server: 'http://127.0.0.1:9', bypass: hosts.join(',') },
  });
}
