// Gate a shard before training: exit 0 when it passes the policy's share limits, 1 when not.
// Usage: node dist/examples/gate-a-shard.js <shard.jsonl.gz>
import { defaultPolicy, MemoryStore, runGate } from 'corpus-audit';

const [shard] = process.argv.slice(2);
if (!shard) throw new Error('usage: gate-a-shard <shard>');

const result = await runGate({
  inputs: [shard],
  store: new MemoryStore(),
  policy: defaultPolicy(),
  // Stricter than the policy file: at most 1% machine-translated pages.
  maxShare: { 'machine-translation': 0.01 },
});
for (const check of result.checks) {
  const share = (check.share * 100).toFixed(1);
  console.log(
    `${check.pass ? 'pass' : 'FAIL'} ${check.what}: ${check.pages} pages, ${share}% (limit ${check.limit * 100}%)`,
  );
}
process.exitCode = result.pass ? 0 : 1;
