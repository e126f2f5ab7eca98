import { describe, expect, it } from 'vitest';
import { checkTarget, isBlockedAddress } from '../../../crawlers/crawl/address-guard.js';

describe('address guard', () => {
  it('blocks private, loopback, link-local and reserved addresses in IPv4 and IPv6', () => {
    for (const ip of [
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.1.2.3',
      '[::1]',
      // IANA's other special-purpose ranges: NAT64 (here the metadata service), IPv4-compatible and
      // hex-form mapped loopback, 6to4, Teredo, site-local, documentation, TEST-NETs, 6to4 relays.
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::169.254.169.254',
      '::7f00:1',
      '::127.0.0.1',
      '::ffff:7f00:1',
      '2002:7f00:1::1',
      '2001:0:4136:e378::1',
      'fec0::1',
      '2001:db8::1',
      '192.0.2.7',
      '198.51.100.7',
      '203.0.113.7',
      '192.88.99.1',
      '255.255.255.255',
    ]) {
      expect(isBlockedAddress(ip), ip).toBe(true);
    }
    for (const ip of [
      '8.8.8.8',
      '172.32.0.1',
      '192.169.0.1',
      '1.1.1.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '::ffff:808:808',
      '2a00:1450:4001::200e',
    ]) {
      expect(isBlockedAddress(ip), ip).toBe(false);
    }
  });

  it('checks the scheme, literal hosts and every DNS answer', async () => {
    const resolve = (answers: Record<string, string[]>) => (host: string) => {
      const a = answers[host];
      return a ? Promise.resolve(a) : Promise.reject(new Error('ENOTFOUND'));
    };
    expect(await checkTarget('ftp://example.com/')).toMatchObject({
      ok: false,
      reason: 'unsupported_scheme',
    });
    expect(await checkTarget('file:///etc/passwd')).toMatchObject({
      ok: false,
      reason: 'unsupported_scheme',
    });
    expect(await checkTarget('not a url')).toMatchObject({ ok: false, reason: 'unsupported_scheme' });
    expect(await checkTarget('http://127.0.0.1:8100/')).toMatchObject({
      ok: false,
      reason: 'private_address',
    });
    expect(await checkTarget('http://[::1]:8100/')).toMatchObject({ ok: false, reason: 'private_address' });
    expect(await checkTarget('http://127.0.0.1:8100/', { allowPrivate: true })).toMatchObject({ ok: true });
    // A public-looking name that resolves (even partly) to a private address is refused.
    const dns = resolve({ 'good.test': ['93.184.216.34'], 'sneaky.test': ['93.184.216.34', '10.0.0.5'] });
    expect(await checkTarget('https://good.test/a', { resolve: dns })).toEqual({
      ok: true,
      addresses: ['93.184.216.34'],
    });
    const sneaky = await checkTarget('https://sneaky.test/a', { resolve: dns });
    expect(sneaky).toMatchObject({ ok: false, reason: 'private_address' });
    expect(!sneaky.ok && sneaky.detail).toContain('--allow-private');
    expect(await checkTarget('https://missing.test/', { resolve: dns })).toMatchObject({
      ok: false,
      reason: 'dns_failure',
    });
  });
});
