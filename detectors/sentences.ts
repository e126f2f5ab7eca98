/** A sentence span: UTF-16 offsets into the text it came from. */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * The longest stretch handed to Intl.Segmenter at once. Each sentence V8's segmenter yields costs
 * time in proportion to the length of its input, and much more past 128 KiB (212,000 characters
 * of English took 4.3 s against 0.1 s for 130,000; 76,000 of Chinese 3.2 s), so a long line is
 * segmented a window at a time: 8,192 characters kept a million characters of one-word sentences
 * at 0.44 s (32,768: 1.4 s) with few windows whose last sentence is cut.
 */
export const SEGMENT_WINDOW = 8 * 1024;

/**
 * Splits text into sentences with Intl.Segmenter (ICU's rules, multilingual). Sentences never
 * cross a newline: extraction puts one block per line, and a heading is not the start of the next
 * paragraph's first sentence. Spans are trimmed of surrounding whitespace; empty ones are dropped.
 * A line longer than SEGMENT_WINDOW is segmented window by window, each window starting where the
 * last complete sentence of the one before ended; a window with no sentence boundary at all is cut
 * at its last space (or at its end), so no sentence is longer than the window.
 *
 * Shorter lines go to the segmenter together, as many whole lines as fit in a window: its rules
 * break after every line break whatever surrounds it (UAX #29, SB4), so they find the same
 * sentences as line by line, and each call to `segment` costs about as much as segmenting a
 * paragraph (a page's twenty calls took twice the time of one).
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  while (from < text.length) {
    // The end of the last whole line (with its newline) that fits in a window starting at `from`.
    let end = from;
    for (;;) {
      const newline = text.indexOf('\n', end);
      const lineEnd = newline === -1 ? text.length : newline + 1;
      if (lineEnd - from > SEGMENT_WINDOW) break;
      end = lineEnd;
      if (newline === -1) break;
    }
    if (end > from) {
      for (const { segment, index } of segmenter.segment(text.slice(from, end))) {
        pushTrimmed(spans, segment, from + index);
      }
      from = end;
      continue;
    }
    // The line starting at `from` is longer than a window on its own.
    let lineEnd = text.indexOf('\n', from);
    if (lineEnd === -1) lineEnd = text.length;
    for (let at = from; at < lineEnd;) at = segmentWindow(text, at, lineEnd, spans);
    from = lineEnd + 1;
  }
  return spans;
}

/** Sentences of text[from, min(lineEnd, from + SEGMENT_WINDOW)) into `spans`; returns where to go on. */
function segmentWindow(text: string, from: number, lineEnd: number, spans: Span[]): number {
  let end = Math.min(lineEnd, from + SEGMENT_WINDOW);
  const cut = end < lineEnd;
  if (cut) {
    // Never between the two halves of a surrogate pair.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
  }
  // Spans go straight into `spans`; segment objects are not kept (kept alive, they hold on to far
  // more: collecting them made a megabyte of text take 2.3 s instead of 0.2 s, mostly collecting garbage).
  let count = 0;
  let lastIndex = 0;
  let lastPushed = false;
  for (const { segment, index } of segmenter.segment(text.slice(from, end))) {
    count++;
    lastIndex = index;
    lastPushed = pushTrimmed(spans, segment, from + index);
  }
  if (!cut) return end;
  if (count > 1) {
    // The window's last sentence may go on past it: it is segmented again in the next window.
    if (lastPushed) spans.pop();
    return from + lastIndex;
  }
  // No sentence boundary in the whole window: cut at its last space past the middle, else at its end.
  const space = text.lastIndexOf(' ', end - 1);
  if (space <= from + SEGMENT_WINDOW / 2) return end;
  if (lastPushed) spans.pop();
  pushTrimmed(spans, text.slice(from, space + 1), from);
  return space + 1;
}

/** The span of `segment` (found at `at`) without its surrounding whitespace; false when that is empty. */
function pushTrimmed(spans: Span[], segment: string, at: number): boolean {
  const body = segment.trim();
  if (!body) return false;
  const start = at + segment.length - segment.trimStart().length;
  spans.push({ start, end: start + body.length });
  return true;
}
