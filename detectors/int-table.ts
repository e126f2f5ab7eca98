/**
 * A hash table from non-negative 31-bit integers to integers, in typed arrays (open addressing,
 * linear probing). Language ID looks up a few hundred trigram keys per sentence; a JS Map spends
 * most of that time hashing and allocating, this spends it probing two arrays.
 */
export class IntTable {
  private keys: Int32Array;
  private vals: Int32Array;
  /** Slots in insertion order: what `clear()` resets and `forEach` visits. */
  private used: Int32Array;
  private bits: number;
  size = 0;

  /** @param expected entries the table should hold without growing */
  constructor(expected = 16) {
    this.bits = Math.max(4, Math.ceil(Math.log2(expected * 2)));
    this.keys = new Int32Array(1 << this.bits).fill(-1);
    this.vals = new Int32Array(1 << this.bits);
    this.used = new Int32Array(1 << this.bits);
  }

  private slot(key: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.keys[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    const slot = this.slot(key);
    return this.keys[slot] === -1 ? -1 : this.vals[slot]!;
  }

  /** Adds `delta` to the value for `key` (inserting it at 0 first). */
  add(key: number, delta: number): void {
    if (key < 0) throw new RangeError(`IntTable keys must be non-negative, got ${key}`);
    let slot = this.slot(key);
    if (this.keys[slot] === -1) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slot(key);
      }
      this.keys[slot] = key;
      this.vals[slot] = 0;
      this.used[this.size++] = slot;
    }
    this.vals[slot]! += delta;
  }

  forEach(fn: (key: number, value: number) => void): void {
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i]!;
      fn(this.keys[slot]!, this.vals[slot]!);
    }
  }

  /** Empties the table in time proportional to its size, keeping its capacity. */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.keys[this.used[i]!] = -1;
    this.size = 0;
  }

  private grow(): void {
    const entries: [number, number][] = [];
    this.forEach((k, v) => entries.push([k, v]));
    this.bits++;
    this.keys = new Int32Array(1 << this.bits).fill(-1);
    this.vals = new Int32Array(1 << this.bits);
    this.used = new Int32Array(1 << this.bits);
    this.size = 0;
    for (const [k, v] of entries) this.add(k, v);
  }
}
