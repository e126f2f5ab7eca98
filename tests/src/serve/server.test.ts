import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy, resolvePolicy } from '../../../policy/load-policy.js';
import { PageScorer } from '../../../src/score/page-scorer.js';
import { buildService, isLoopback, type ServiceOptions } from '../../../src/serve/server.js';
import { parallelCorpus } from '../../helpers/pages.js';

const texts = parallelCorpus().map((d) => d.text);
const TOKEN = 'a-test-token-of-enough-length';

let scorer: PageScorer;
beforeAll(async () => {
  scorer = await PageScorer.load({});
});
afterAll(async () => {
  await scorer.dispose();
});

const service = (o: Partial<ServiceOptions> = {}): FastifyInstance =>
  buildService({ scorer, policy: defaultPolicy(), ...o });

async function post(app: FastifyInstance, payload: string | Buffer, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/score',
    headers: { 'content-type': 'application/json', ...headers },
    payload,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
}

describe('the scoring service', () => {
  it('scores one document or a batch with probabilities, verdict, decision and reasons', async () => {
    const app = service({ policy: resolvePolicy({ domains: { deny: ['spam.example'] } }, 't') });
    const one = await post(app, JSON.stringify({ text: texts[0], url: 'https://farm.example/en/1.html' }));
    expect(one.status).toBe(200);
    const verdict = one.body.verdict as { label: string; probs: Record<string, number> };
    expect(Object.keys(verdict.probs).sort()).toEqual(['human', 'lm-generated', 'machine-translation']);
    expect(one.body).toMatchObject({ lang: 'eng', decision: expect.any(String) as string });
    expect(one.body.scores).toHaveProperty('mgt_classifier.p_human');

    const batch = await post(
      app,
      JSON.stringify({
        documents: [
          { id: 'a', text: texts[6] },
          { id: 'b', text: texts[1], url: 'http://www.spam.example/x' },
          { id: 'c', html: '<p>Short.</p>' },
        ],
      }),
    );
    expect(batch.status).toBe(200);
    const results = batch.body.results as {
      id: string;
      decision: string;
      reasons: { code: string }[];
      verdict: { label: string };
    }[];
    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(results[1]!.decision).toBe('reject');
    expect(results[1]!.reasons[0]!.code).toBe('domain_denied');
    expect(results[2]!.verdict.label).toBe('insufficient');

    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /corpus_audit_http_requests_total\{route="\/v1\/score",method="POST",status="200"\} 2/,
    );
    expect(metrics.body).toMatch(
      /corpus_audit_documents_scored_total\{label="insufficient",decision="keep"\} 1/,
    );
    expect(metrics.body).toMatch(/corpus_audit_process_resident_memory_bytes \d+/);
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok', models: expect.any(Array) as unknown[] });
    await app.close();
  });

  it('answers each kind of bad input with a 4xx that says what was wrong, and keeps serving', async () => {
    const app = service({ maxBatch: 2, bodyLimit: 4096 });
    const bad: [string | Buffer, number, RegExp, Record<string, string>?][] = [
      ['{"text": "unterminated', 400, /^malformed JSON: /],
      ['{"text": 42}', 400, /^text: Invalid input: expected string, received number/],
      ['{"url": "https://x.example/"}', 400, /^body: a document needs "text" or "html"/],
      ['{"text": "x", "colour": "red"}', 400, /Unrecognized key: "colour"/],
      ['{"text": "x", "lang": "en"}', 400, /^lang: an ISO 639-3 code/],
      ['[1, 2]', 400, /^body: expected a JSON object/],
      [
        '{"documents": [{"text": "a"}, {"text": 1}]}',
        400,
        /^documents\[1\]\.text: Invalid input: expected string/,
      ],
      [
        '{"documents": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}',
        413,
        /3 documents, over this service's limit of 2/,
      ],
      ['{"documents": []}', 400, /at least one document/],
      [
        JSON.stringify({ text: 'x'.repeat(5000) }),
        413,
        /request body over this service's limit of 4096 bytes/,
      ],
      [
        Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        400,
        /^body is not valid UTF-8/,
      ],
      [
        'text=hello',
        415,
        /Content-Type: application\/json/,
        { 'content-type': 'application/x-www-form-urlencoded' },
      ],
      [
        '{"text": "plain text is not JSON"}',
        415,
        /Content-Type: application\/json/,
        { 'content-type': 'text/plain' },
      ],
      ['', 400, /empty body/],
    ];
    for (const [payload, status, message, headers] of bad) {
      const res = await post(app, payload, headers);
      expect(res.status, String(payload)).toBe(status);
      expect(res.body.error, String(payload)).toMatch(message);
      const ok = await post(app, JSON.stringify({ text: 'Still serving after a bad request.' }));
      expect(ok.status).toBe(200);
    }
    const missing = await app.inject({ method: 'GET', url: '/v2/score' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: string }>().error).toMatch(/POST \/v1\/score/);
    await app.close();
  });

  it('requires the bearer token on every route but /healthz', async () => {
    const app = service({ token: TOKEN });
    const body = JSON.stringify({ text: 'Hello there, this is a short text.' });
    expect((await post(app, body)).status).toBe(401);
    const wrong = await post(app, body, { authorization: 'Bearer not-the-token-at-all-really' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    expect((await post(app, body, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('10.0.0.5')).toBe(false);
  });

  it('answers 503 when the queue is full or a request runs out of time', async () => {
    const app = service({ concurrency: 1, queueSize: 0 });
    const batch = JSON.stringify({ documents: texts.slice(0, 8).map((text) => ({ text })) });
    // Whichever reaches the queue first is scored; the other finds it full.
    const [first, second] = (await Promise.all([post(app, batch), post(app, batch)])).sort(
      (x, y) => x.status - y.status,
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(second.body.error).toMatch(/^busy: /);
    expect(second.headers['retry-after']).toBe('1');
    await app.close();

    const slow = service({ timeoutMs: 1 });
    const late = await post(slow, batch);
    expect(late.status).toBe(503);
    expect(late.body.error).toMatch(/did not finish within 0.001 s/);
    expect((await slow.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
      /corpus_audit_timeouts_total 1/,
    );
    await slow.close();
  });

  it('finishes the requests in flight on shutdown, over a real loopback socket', async () => {
    const app = service();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const payload = JSON.stringify({ documents: texts.slice(0, 8).map((text) => ({ text })) });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/score',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    // Close once the request is being scored.
    while (
      (await app.inject({ method: 'GET', url: '/healthz' })).json<{ queue: { active: number } }>().queue
        .active === 0
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await app.close();
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect((JSON.parse(done.body) as { results: unknown[] }).results).toHaveLength(texts.length);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('stops scoring a request that timed out or whose client went away, and frees its slot', async () => {
    // 24 documents of about 100,000 characters each (2.4 MB): minutes of scoring on two cores.
    const long = (i: number): string => {
      let text = '';
      for (let k = i; text.length < 100_000; k++) text += `${texts[k % texts.length]!} `;
      return text;
    };
    const payload = JSON.stringify({ documents: Array.from({ length: 24 }, (_, i) => ({ text: long(i) })) });
    const app = service({ concurrency: 1, timeoutMs: 300 });
    const metric = async (pattern: RegExp): Promise<number> => {
      const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      return Number(pattern.exec(body)?.[1] ?? 0);
    };
    const until = async (check: () => Promise<boolean>): Promise<void> => {
      while (!(await check())) await new Promise((r) => setTimeout(r, 20));
    };
    const active = async (): Promise<number> =>
      (await app.inject({ method: 'GET', url: '/healthz' })).json<{ queue: { active: number } }>().queue
        .active;

    // Out of time: 503, and the scoring behind it stops (before, it ran on for minutes).
    const late = await post(app, payload);
    expect(late.status).toBe(503);
    await until(async () => (await active()) === 0);
    expect(await metric(/corpus_audit_scoring_cancelled_total\{reason="timeout"\} (\d+)/)).toBe(1);

    // The client hangs up: the same.
    const slow = service({ concurrency: 1, timeoutMs: 600_000 });
    await slow.listen({ host: '127.0.0.1', port: 0 });
    const slowPort = (slow.server.address() as AddressInfo).port;
    const req = httpRequest({
      host: '127.0.0.1',
      port: slowPort,
      path: '/v1/score',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => undefined);
    req.end(payload);
    const slowActive = async (): Promise<number> =>
      (await slow.inject({ method: 'GET', url: '/healthz' })).json<{ queue: { active: number } }>().queue
        .active;
    await until(async () => (await slowActive()) === 1);
    req.destroy();
    await until(async () => (await slowActive()) === 0);
    const body = (await slow.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toMatch(/corpus_audit_scoring_cancelled_total\{reason="client_gone"\} 1/);
    expect(body).not.toMatch(/corpus_audit_documents_scored_total\{/);
    await Promise.all([app.close(), slow.close()]);
  }, 300_000);

  it('scores at most --max-chars characters of a document, says so, and shows its limits in /healthz', async () => {
    const app = service({ maxChars: 1000 });
    const text = texts.join(' ');
    const res = await post(app, JSON.stringify({ text }));
    expect(res.status).toBe(200);
    expect(res.body.truncated).toEqual({ chars: text.length });
    expect(res.body.chars as number).toBeLessThanOrEqual(1000);
    const health = (await app.inject({ method: 'GET', url: '/healthz' })).json<{
      limits: Record<string, number>;
    }>();
    expect(health.limits).toMatchObject({ chars_per_document: 1000, documents_per_request: 32 });
    expect(health.limits.zero_shot_tokens_per_document).toBeGreaterThan(0);
    await app.close();
  });
});
