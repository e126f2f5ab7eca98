import { gzipSync } from 'node:zlib';
import type { Bombs } from './bombs.js';
import { pack, type Seed } from './seeds.js';

/** One mutated input and where its damage lies, in the unmutated file's byte offsets. */
export interface Mutant {
  kind: string;
  bytes: Buffer;
  /** First damaged byte: every record that ends before it must come out unchanged. */
  damageAt: number;
  /** End of the damage: a resynchronizing reader must find every record that starts at or after it. */
  damageEnd: number;
}

export const MUTATIONS = [
  'flip',
  'flips',
  'truncate',
  'insert',
  'delete',
  'huge-length',
  'bomb-record',
  'bomb-body',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

const int = (next: () => number, n: number): number => Math.floor(next() * n);

/**
 * Applies `mutation` to the seed. Byte mutations work on the packed file (what a bad disk, a cut
 * download or a bad splice does); structural ones change one record and pack the file again (what a
 * bad writer or a hostile server does): a declared length made huge, a record over the limit, a
 * gzip-encoded body that inflates to 64 MB.
 */
export function mutate(seed: Seed, mutation: Mutation, next: () => number, bombs: Bombs): Mutant {
  const { bytes, spans } = pack(seed.records, seed.packing);
  const at = int(next, bytes.length);
  switch (mutation) {
    case 'flip': {
      const out = Buffer.from(bytes);
      out[at] = out[at]! ^ (1 + int(next, 255));
      return { kind: mutation, bytes: out, damageAt: at, damageEnd: at + 1 };
    }
    case 'flips': {
      const out = Buffer.from(bytes);
      const width = Math.min(64, bytes.length - at);
      for (let i = 0; i < 2 + int(next, 7); i++) {
        const p = at + int(next, width);
        out[p] = out[p]! ^ (1 + int(next, 255));
      }
      return { kind: mutation, bytes: out, damageAt: at, damageEnd: at + width };
    }
    case 'truncate':
      return { kind: mutation, bytes: bytes.subarray(0, at), damageAt: at, damageEnd: bytes.length };
    case 'insert': {
      const extra = Buffer.from(Array.from({ length: 1 + int(next, 300) }, () => int(next, 256)));
      return {
        kind: mutation,
        bytes: Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)]),
        damageAt: at,
        damageEnd: at,
      };
    }
    case 'delete': {
      const end = Math.min(bytes.length, at + 1 + int(next, 300));
      return {
        kind: mutation,
        bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]),
        damageAt: at,
        damageEnd: end,
      };
    }
    case 'huge-length': {
      const i = int(next, seed.records.length);
      const records = [...seed.records];
      const record = records[i]!.toString('latin1');
      // A declared length made huge; a JSONL line, which declares none, loses its line end instead.
      records[i] = Buffer.from(
        seed.lengthField
          ? record.replace(
              seed.lengthField,
              (_m, before: string) => `${before}${String(2 ** 40 + int(next, 1e6))}`,
            )
          : record.replace(/\n$/, ''),
        'latin1',
      );
      const end = seed.lengthField ? spans?.[i]?.[1] : spans?.[i + 1]?.[1];
      return {
        kind: mutation,
        bytes: pack(records, seed.packing).bytes,
        damageAt: spans?.[i]?.[0] ?? 0,
        damageEnd: end ?? bytes.length,
      };
    }
    case 'bomb-record':
    case 'bomb-body': {
      // Only a WARC page has an HTTP body to encode; other formats get the record bomb for both.
      const asRecord = mutation === 'bomb-record' || seed.format !== 'warc';
      const bomb = asRecord ? bombs.record(seed) : bombs.body;
      const gzipped = asRecord && seed.packing !== 'plain';
      const i = int(next, seed.records.length + 1);
      if (seed.packing === 'whole' && !gzipped) {
        const records = [...seed.records];
        records.splice(i, 0, bomb);
        return { kind: mutation, bytes: pack(records, 'whole').bytes, damageAt: 0, damageEnd: 0 };
      }
      // Inserted between two records (for a whole-file member: before or after it).
      const at = seed.packing === 'whole' ? (i === 0 ? 0 : bytes.length) : (spans![i]?.[0] ?? bytes.length);
      const inserted = gzipped || seed.packing !== 'members' ? bomb : gzipSync(bomb);
      return {
        kind: mutation,
        bytes: Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]),
        damageAt: at,
        damageEnd: at,
      };
    }
  }
}
