import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../../scripts/fuzz/campaign.js';
import { MUTATIONS } from '../../../scripts/fuzz/mutate.js';
import { buildSeeds } from '../../../scripts/fuzz/seeds.js';
import { tempDir } from '../../helpers/temp-dirs.js';

describe('a bounded fuzz campaign over every input format', () => {
  it('mutated WARC, ARC, gzip and JSONL inputs: no crash, hang or memory blow-up, no good record lost', async () => {
    // Every mutation kind once on every seed, with a fixed seed: bit flips, truncation, inserted
    // and deleted bytes, huge declared lengths, 1 GB gzip bombs (records and encoded bodies).
    const count = (await buildSeeds()).length * MUTATIONS.length;
    const result = await runCampaign({
      seed: 20261207,
      count,
      dir: tempDir(),
      caseTimeoutMs: 60_000,
      rssLimitMb: 600,
    });
    expect(result.cases).toBe(count);
    expect(result.failures).toEqual([]);
    // The damage was seen and reported, not just survived.
    expect(Object.keys(result.problemCounts).length).toBeGreaterThan(5);
  }, 600_000);
});
