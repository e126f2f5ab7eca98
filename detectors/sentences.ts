/** A sentence span: UTF-16 offsets into the text it came from. */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * Splits text into sentences with Intl.Segmenter (ICU's rules, multilingual). Sentences never
 * cross a newline: extraction puts one block per line, and a heading is not the start of the next
 * paragraph's first sentence. Spans are trimmed of surrounding whitespace; empty ones are dropped.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd > lineStart) {
      const line = text.slice(lineStart, lineEnd);
      for (const { segment, index } of segmenter.segment(line)) {
        const lead = segment.length - segment.trimStart().length;
        const body = segment.trim();
        if (!body) continue;
        const start = lineStart + index + lead;
        spans.push({ start, end: start + body.length });
      }
    }
    lineStart = lineEnd + 1;
  }
  return spans;
}
