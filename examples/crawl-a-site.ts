// Crawl a site into a Store and keep the WARC: static fetches only, politely.
// Usage: node dist/examples/crawl-a-site.js <seed-url> <out.warc.gz> [--private]
import { crawl, SqliteStore } from 'corpus-audit';

const [seed, warcPath, flag] = process.argv.slice(2);
if (!seed || !warcPath) throw new Error('usage: crawl-a-site <seed-url> <out.warc.gz> [--private]');

const store = new SqliteStore(':memory:');
try {
  const summary = await crawl({
    seeds: [seed],
    store,
    warcPath,
    maxPages: 50,
    render: 'never',
    // Loopback and private addresses are refused unless asked for (a test server, an intranet).
    allowPrivate: flag === '--private',
  });
  console.log(`fetched ${summary.fetched}, stored ${summary.docsStored}`);
  for (const doc of store.iterDocs()) console.log(`  ${doc.lang?.code ?? 'und'} ${doc.url ?? ''}`);
} finally {
  store.close();
}
