import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import pLimit from 'p-limit';
import { PolicyEngine, type PolicyOutcome } from '../../policy/apply-policy.js';
import type { LoadedPolicy } from '../../policy/load-policy.js';
import type { PageResult, PageScorer } from '../score/page-scorer.js';
import { CLASSIFIER_MAX_WINDOWS } from '../../detectors/models/classifier.js';
import { ZERO_SHOT_MAX_TOKENS } from '../../detectors/models/zero-shot-scorer.js';
import { codeVersion } from '../../db/version.js';
import { ServiceMetrics } from './metrics.js';
import { parseScoreRequest, RequestError } from './request-schema.js';

export interface ServiceOptions {
  scorer: Pick<PageScorer, 'score' | 'models' | 'verdictDigest'>;
  policy: LoadedPolicy;
  /** Bearer token every route but /healthz requires; absent: no authentication (loopback only). */
  token?: string | undefined;
  /** Documents per request. @default 32 */
  maxBatch?: number;
  /** Request body limit in bytes. @default 4 MiB */
  bodyLimit?: number;
  /** Scoring requests that may wait or run before the service answers 503. @default 2 running + 64 waiting */
  concurrency?: number;
  queueSize?: number;
  /** A request not answered within this (waiting included) gets 503, and its scoring stops. @default 30 s */
  timeoutMs?: number;
  /** Characters of one document's text that are scored; the rest is cut (the answer says so). @default 100,000 */
  maxChars?: number;
}

export const SERVICE_DEFAULTS = {
  maxBatch: 32,
  bodyLimit: 4 * 1024 * 1024,
  concurrency: 2,
  queueSize: 64,
  timeoutMs: 30_000,
  maxChars: 100_000,
} as const;

/** What `POST /v1/score` answers for one document. */
export function resultJson(r: PageResult, outcome: PolicyOutcome): Record<string, unknown> {
  return {
    id: r.id,
    ...(r.url !== undefined && { url: r.url }),
    lang: r.lang,
    chars: r.chars,
    ...(r.truncatedFrom !== undefined && { truncated: { chars: r.truncatedFrom } }),
    decision: outcome.decision,
    ...(outcome.exempt && { exempt: outcome.exempt }),
    reasons: outcome.reasons,
    verdict: r.verdict
      ? {
          label: r.verdict.label,
          probs: r.verdict.probs,
          fpr_level: r.verdict.fprLevel,
          reasons: r.verdict.reasons,
        }
      : null,
    scores: Object.fromEntries(r.scores.map((s) => [`${s.detector}.${s.name}`, s.value])),
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every option `buildService()` takes: another key is a typo, refused (`checkOptionNames`). */
const SERVICE_OPTION_NAMES = [
  'scorer',
  'policy',
  'token',
  'maxBatch',
  'bodyLimit',
  'concurrency',
  'queueSize',
  'timeoutMs',
  'maxChars',
] as const satisfies readonly (keyof ServiceOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _ServiceOptionsListed = MustHold<ListsEveryOption<typeof SERVICE_OPTION_NAMES, ServiceOptions>>;

/**
 * The scoring service: `POST /v1/score`, `GET /healthz`, `GET /metrics`. The models are loaded by
 * the caller, once; every request goes through the same policy step as export and gate. Scoring
 * runs `concurrency` requests at a time with at most `queueSize` waiting; beyond that, and past
 * the timeout, the answer is 503 with Retry-After. `close()` finishes the requests in flight.
 */
export function buildService(options: ServiceOptions): FastifyInstance {
  checkOptionNames('buildService()', options, SERVICE_OPTION_NAMES);
  checkWholeNumber('buildService()', 'maxBatch', options.maxBatch, 1);
  checkWholeNumber('buildService()', 'bodyLimit', options.bodyLimit, 1);
  checkWholeNumber('buildService()', 'concurrency', options.concurrency, 1);
  checkWholeNumber('buildService()', 'queueSize', options.queueSize, 0);
  checkWholeNumber('buildService()', 'timeoutMs', options.timeoutMs, 1);
  checkWholeNumber('buildService()', 'maxChars', options.maxChars, 1);
  const o = { ...SERVICE_DEFAULTS, ...options };
  const engine = PolicyEngine.of(o.policy);
  const limit = pLimit(o.concurrency);
  const metrics = new ServiceMetrics(() => ({ active: limit.activeCount, pending: limit.pendingCount }));
  const app = Fastify({
    logger: false,
    bodyLimit: o.bodyLimit,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  // JSON only: fastify also parses text/plain by default, which then failed validation with a 400
  // instead of saying that the content type is wrong (415).
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    if (body.length === 0) {
      done(new RequestError('empty body: send {"text": "..."} or {"documents": [...]}'), undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(new RequestError('body is not valid UTF-8: send JSON encoded as UTF-8'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new RequestError(`malformed JSON: ${(err as Error).message}`), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    if (o.token === undefined || req.url === '/healthz') return;
    const header = req.headers.authorization ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1];
    if (given === undefined || !sameToken(given, o.token)) {
      reply.header('www-authenticate', 'Bearer');
      await reply
        .code(401)
        .send({ error: 'missing or wrong bearer token: send Authorization: Bearer <token>' });
    }
  });

  // Shutting down: answers in flight close their connection, so keep-alive clients do not hold
  // the server open after the last response.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.duration.observe({ route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError | RequestError, _req, reply) => {
    const status = err.statusCode ?? 500;
    const known: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: `request body over this service's limit of ${o.bodyLimit} bytes; send fewer or shorter documents`,
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'send the body as JSON with Content-Type: application/json',
    };
    const code = 'code' in err ? err.code : undefined;
    const message = (code !== undefined ? known[code] : undefined) ?? err.message;
    if (status >= 500) return reply.code(500).send({ error: `internal error: ${message}` });
    return reply.code(status).send({ error: message });
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      error: `no route ${req.method} ${req.url}: the service has POST /v1/score, GET /healthz, GET /metrics`,
    }),
  );

  app.get('/healthz', () => ({
    status: 'ok',
    version: codeVersion(),
    models: o.scorer.models.map((m) => ({ spec: m.spec, digest: m.digest, dtype: m.dtype })),
    verdict: o.scorer.verdictDigest ?? null,
    policy: { source: o.policy.source, digest: o.policy.digest },
    queue: { active: limit.activeCount, pending: limit.pendingCount, limit: o.queueSize },
    limits: {
      documents_per_request: o.maxBatch,
      body_bytes: o.bodyLimit,
      chars_per_document: o.maxChars,
      classifier_windows_per_document: CLASSIFIER_MAX_WINDOWS,
      zero_shot_tokens_per_document: ZERO_SHOT_MAX_TOKENS,
      timeout_s: o.timeoutMs / 1000,
    },
  }));

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.post('/v1/score', async (req, reply) => {
    const request = parseScoreRequest(req.body, o.maxBatch);
    if (limit.activeCount >= o.concurrency && limit.pendingCount >= o.queueSize) {
      metrics.busy.inc();
      reply.header('retry-after', '1');
      return reply
        .code(503)
        .send({ error: `busy: ${limit.pendingCount} requests already waiting; retry later` });
    }
    // Scoring stops when the answer is no longer wanted: the request timed out, or its client went
    // away. Until then it holds a slot, so a stopped request frees its slot within one step.
    const cancel = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        cancel.abort(new Error('timeout'));
        resolve('timeout');
      }, o.timeoutMs);
    });
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished && !cancel.signal.aborted) cancel.abort(new Error('client_gone'));
    });
    // (A function, so that the check after the await is not narrowed away.)
    const aborted = (): boolean => cancel.signal.aborted;
    const work = limit(async () => {
      if (aborted()) return undefined;
      try {
        return await o.scorer.score(request.documents, { signal: cancel.signal, maxChars: o.maxChars });
      } catch (err) {
        if (!aborted()) throw err;
        metrics.cancelled.inc({ reason: (cancel.signal.reason as Error).message });
        return undefined;
      }
    });
    const results = await Promise.race([work, expired]);
    clearTimeout(timer);
    if (results === 'timeout' || results === undefined) {
      metrics.timeouts.inc();
      reply.header('retry-after', '5');
      return reply.code(503).send({
        error: `scoring did not finish within ${o.timeoutMs / 1000} s; retry later or send fewer documents`,
      });
    }
    const out = results.map((r) => {
      const outcome = engine.apply({
        url: r.url,
        lang: r.lang,
        scores: r.scores,
        evidence: r.evidence,
        verdict: r.verdict,
      });
      metrics.documents.inc({ label: r.verdict?.label ?? 'none', decision: outcome.decision });
      return resultJson(r, outcome);
    });
    return request.single ? out[0] : { results: out };
  });

  return app;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
