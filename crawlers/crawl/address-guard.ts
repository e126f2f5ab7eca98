import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Refusal of addresses a crawler must not reach unless told to: private networks, loopback,
 * link-local (cloud metadata services live there), carrier-grade NAT, unspecified, multicast and
 * reserved ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 addresses count as their IPv4 address).
 * Checked on the host name's every DNS answer, so a public name that resolves to 127.0.0.1 is
 * refused too, and again on every redirect target.
 */

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b:1::', 48],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address literal is in a refused range. */
export function isBlockedAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
    return BLOCKED.check(bare, 'ipv6');
  }
  return false;
}

export type TargetVerdict =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: 'unsupported_scheme' | 'private_address' | 'dns_failure'; detail: string };

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether a URL may be fetched: http or https only, and, unless `allowPrivate`, a host whose
 * addresses (the literal, or every DNS answer) are all public.
 */
export async function checkTarget(
  url: string,
  options: { allowPrivate?: boolean; resolve?: Resolver } = {},
): Promise<TargetVerdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'unsupported_scheme', detail: `not a URL: ${url}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: 'unsupported_scheme', detail: `${parsed.protocol} is not http or https` };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (options.allowPrivate) return { ok: true, addresses: [] };
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (err) {
      return {
        ok: false,
        reason: 'dns_failure',
        detail: `${host}: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }
  const blocked = addresses.find(isBlockedAddress);
  if (blocked !== undefined || addresses.length === 0) {
    return {
      ok: false,
      reason: 'private_address',
      detail: `${host} resolves to ${blocked ?? 'nothing'}, a private, loopback or link-local address (use --allow-private to crawl it)`,
    };
  }
  return { ok: true, addresses };
}
