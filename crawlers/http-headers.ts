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
