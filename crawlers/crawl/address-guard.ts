import { lookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Refusal of addresses a crawler must not reach unless told to: private networks, loopback,
 * link-local (cloud metadata services live there), carrier-grade NAT, unspecified, multicast and
 * the other special-purpose ranges of IANA's IPv4 and IPv6 registries (documentation, benchmarking,
 * 6to4 relays, NAT64, Teredo, site-local, IPv4-compatible), in IPv4 and IPv6 (IPv4-mapped IPv6
 * addresses, in dotted or hex form, count as their IPv4 address).
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
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  // Unspecified, loopback and the deprecated IPv4-compatible addresses (::a.b.c.d).
  ['::', 96],
  // IPv4-translated (SIIT).
  ['::ffff:0:0:0', 96],
  // NAT64, well-known and local-use prefixes: they reach IPv4 addresses, private ones included.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  // IETF protocol assignments (Teredo among them), documentation, 6to4.
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address of an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` or `::ffff:7f00:1`), else undefined. */
function mappedIpv4(ip: string): string | undefined {
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  let text = ip;
  if (dotted) {
    const [a, b, c, d] = dotted[2]!.split('.').map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  const n = groups.map((g) => parseInt(g, 16));
  if (n.slice(0, 5).some((g) => g !== 0) || n[5] !== 0xffff) return undefined;
  return `${n[6]! >> 8}.${n[6]! & 255}.${n[7]! >> 8}.${n[7]! & 255}`;
}

/** Whether an IP address literal is in a refused range. */
export function isBlockedAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  if (family === 6) {
    const mapped = mappedIpv4(bare);
    if (mapped !== undefined) return BLOCKED.check(mapped, 'ipv4');
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

/**
 * A DNS lookup for the HTTP client that answers with the addresses the guard checked, so that the
 * connection goes where the check looked: a resolver cannot answer a public address to the guard
 * and a private one to the client (DNS rebinding). Undefined when nothing needs pinning (an IP
 * literal, or `--allow-private`).
 */
export function pinnedLookup(host: string, addresses: readonly string[]): LookupFunction | undefined {
  if (addresses.length === 0 || isIP(host.replace(/^\[|\]$/g, ''))) return undefined;
  const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  return (hostname: string, options: LookupOptions, callback: (...args: never[]) => void) => {
    const done = callback as (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    if (hostname !== host) {
      const err: NodeJS.ErrnoException = new Error(`${hostname} was not checked by the address guard`);
      err.code = 'ENOTFOUND';
      done(err, '');
      return;
    }
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    const usable = entries.filter((e) => family === 0 || e.family === family);
    if (usable.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`${hostname} has no checked IPv${family} address`);
      err.code = 'ENOTFOUND';
      done(err, '');
      return;
    }
    if (options.all) done(null, usable);
    else done(null, usable[0]!.address, usable[0]!.family);
  };
}

/**
 * Whether a host is on public addresses: those the guard checked, or (when it checked none, under
 * allowPrivate) the literal or a lookup of the name. A name that does not resolve counts as public
 * (politeness errs on the side of the site).
 */
export async function hostIsPublic(
  hostname: string,
  checked: readonly string[],
  resolve?: Resolver,
): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses = [...checked];
  if (addresses.length === 0) {
    if (isIP(host)) addresses = [host];
    else if (host === 'localhost' || host.endsWith('.localhost')) return false;
    else addresses = await (resolve ?? systemResolver)(host).catch(() => []);
  }
  return addresses.length === 0 || addresses.every((a) => !isBlockedAddress(a));
}

/** `hostIsPublic`, asked once per host name for the life of a crawl. */
export function publicHostCheck(
  resolve?: Resolver,
): (hostname: string, checked: readonly string[]) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (hostname, checked) => {
    let answer = known.get(hostname);
    if (!answer) {
      answer = hostIsPublic(hostname, checked, resolve);
      known.set(hostname, answer);
    }
    return answer;
  };
}
