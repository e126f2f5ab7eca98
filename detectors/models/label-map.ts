/** The classes a page's origin is judged in. */
export const MGT_CLASSES = ['human', 'machine-translation', 'lm-generated'] as const;
export type MgtClass = (typeof MGT_CLASSES)[number];

/** Label names models commonly use, folded to lower case with `_`/space as `-`. */
const DEFAULT_LABELS: Record<string, MgtClass> = {
  human: 'human',
  'human-written': 'human',
  'human-text': 'human',
  real: 'human',
  original: 'human',
  'machine-translation': 'machine-translation',
  'machine-translated': 'machine-translation',
  mt: 'machine-translation',
  translated: 'machine-translation',
  'lm-generated': 'lm-generated',
  'machine-generated': 'lm-generated',
  'ai-generated': 'lm-generated',
  ai: 'lm-generated',
  machine: 'lm-generated',
  generated: 'lm-generated',
  fake: 'lm-generated',
  llm: 'lm-generated',
};

const fold = (label: string): string =>
  label
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/**
 * Maps a model's `id2label` onto the project's classes: `overrides` first (`LABEL_1=lm-generated`),
 * then common names. A label that maps to nothing is an error naming the flag that fixes it, since
 * guessing a label's meaning would silently invert a detector.
 */
export function mapLabels(
  id2label: Record<string, string>,
  overrides: Record<string, string> = {},
): Map<number, MgtClass> {
  const out = new Map<number, MgtClass>();
  const unknown: string[] = [];
  const folded = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [fold(k), fold(v)]));
  for (const [id, label] of Object.entries(id2label)) {
    const target = folded[fold(label)] ?? DEFAULT_LABELS[fold(label)];
    if (target === undefined || !(MGT_CLASSES as readonly string[]).includes(target)) unknown.push(label);
    else out.set(Number(id), target as MgtClass);
  }
  if (unknown.length > 0) {
    throw new Error(
      `the model's labels ${unknown.map((l) => `'${l}'`).join(', ')} mean nothing to corpus-audit; ` +
        `map them with --label-map ${unknown[0]}=<${MGT_CLASSES.join('|')}>`,
    );
  }
  return out;
}

/** Parses `A=human,B=lm-generated` (or repeated flags joined with commas). */
export function parseLabelMap(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--label-map wants LABEL=class pairs, got '${part}'`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
