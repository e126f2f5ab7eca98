/** Lower-cased header names; repeated headers joined with `, ` (RFC 9110 list semantics). */
export function headersToRecord(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

/** Parses an HTTP/1.x response head (`HTTP/1.1 200 OK` plus header lines). */
export function parseHttpHead(head: string): { status: number; headers: Record<string, string> } | undefined {
  const lines = head.split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const pairs: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { status: Number(status[1]), headers: headersToRecord(pairs) };
}

/**
 * The request line and header lines a node:http ClientRequest wrote to the socket, exactly as sent
 * (with the Host and Connection lines Node adds itself), or undefined when they are not at hand.
 * Node keeps them in `_header` once the head is written; `getHeaders()` lacks the lines Node adds
 * while writing.
 */
export function sentRequestHead(request: unknown): string | undefined {
  const head = (request as { _header?: unknown } | null | undefined)?._header;
  return typeof head === 'string' && /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/.test(head) && head.endsWith('\r\n\r\n')
    ? head
    : undefined;
}
