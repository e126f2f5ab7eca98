/** Word ids for the n-gram model. Ids 0-2 are reserved: unknown word, sentence start, sentence end. */
export const UNK = 0;
export const BOS = 1;
export const EOS = 2;

export const UNK_TOKEN = '<unk>';
export const BOS_TOKEN = '<s>';
export const EOS_TOKEN = '</s>';

export class Vocab {
  readonly words: string[] = [UNK_TOKEN, BOS_TOKEN, EOS_TOKEN];
  private readonly ids = new Map<string, number>([
    [UNK_TOKEN, UNK],
    [BOS_TOKEN, BOS],
    [EOS_TOKEN, EOS],
  ]);

  /** Words seen at least `minCount` times get ids; the rest map to UNK. */
  static fromCounts(counts: Map<string, number>, minCount: number): Vocab {
    const vocab = new Vocab();
    // Sorted, so that the same corpus gives the same ids whatever order it was read in.
    const kept = [...counts].filter(([w, c]) => c >= minCount && !vocab.ids.has(w));
    kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [word] of kept) vocab.add(word);
    return vocab;
  }

  private add(word: string): number {
    const id = this.words.length;
    this.words.push(word);
    this.ids.set(word, id);
    return id;
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.ids.get(word) ?? UNK;
  }

  word(id: number): string {
    return this.words[id] ?? UNK_TOKEN;
  }
}
