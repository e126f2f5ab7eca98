import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The service's Prometheus metrics, in a registry of its own (several services may share a process in tests). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly duration: Histogram<'route'>;
  readonly documents: Counter<'label' | 'decision'>;
  readonly busy: Counter;
  readonly timeouts: Counter;
  readonly cancelled: Counter<'reason'>;

  constructor(queueDepth: () => { active: number; pending: number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'corpus_audit_' });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'corpus_audit_http_requests_total',
      help: 'HTTP requests answered, by route, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'corpus_audit_http_request_duration_seconds',
      help: 'Time from request to response, by route',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.documents = new Counter({
      name: 'corpus_audit_documents_scored_total',
      help: 'Documents scored, by verdict label and policy decision',
      labelNames: ['label', 'decision'],
      registers,
    });
    this.busy = new Counter({
      name: 'corpus_audit_busy_rejections_total',
      help: 'Scoring requests answered 503 because the queue was full',
      registers,
    });
    this.timeouts = new Counter({
      name: 'corpus_audit_timeouts_total',
      help: 'Scoring requests answered 503 because they did not finish in time',
      registers,
    });
    this.cancelled = new Counter({
      name: 'corpus_audit_scoring_cancelled_total',
      help: 'Scoring stopped before it finished, by reason: timeout (the request ran out of time) or client_gone',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'corpus_audit_scoring_active',
      help: 'Scoring requests running now',
      registers,
      collect() {
        this.set(queueDepth().active);
      },
    });
    new Gauge({
      name: 'corpus_audit_scoring_queued',
      help: 'Scoring requests waiting for a free slot',
      registers,
      collect() {
        this.set(queueDepth().pending);
      },
    });
  }
}
