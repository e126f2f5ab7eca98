// The HTTP scoring service in-process: score one document as a pipeline would over HTTP.
// Usage: node dist/examples/score-service.js
import { buildService, defaultPolicy, PageScorer } from 'corpus-audit';

const scorer = await PageScorer.load({});
const app = buildService({ scorer, policy: defaultPolicy() });
const text =
  'The committee met on Tuesday to discuss the budget for next year. Members asked for more detail ' +
  'on the maintenance costs of the old library building, and the treasurer promised a full report ' +
  'before the next meeting, together with three quotes from local builders.';
const res = await app.inject({
  method: 'POST',
  url: '/v1/score',
  payload: { documents: [{ id: 'a', text }] },
});
const body = res.json<{ results: { id: string; verdict: { label: string } | null; decision: string }[] }>();
for (const r of body.results) console.log(`${r.id}: ${r.verdict?.label ?? 'no verdict'}, ${r.decision}`);
await app.close();
await scorer.dispose();
