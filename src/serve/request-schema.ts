import { z } from 'zod';
import type { PageInput } from '../score/page-scorer.js';

/** One document in a `POST /v1/score` body. */
const documentSchema = z
  .strictObject({
    id: z.string().min(1).max(512).optional(),
    text: z.string().optional(),
    html: z.string().optional(),
    url: z.string().max(8192).optional(),
    lang: z
      .string()
      .regex(/^[a-z]{3}$/, { error: 'an ISO 639-3 code such as eng, deu or und' })
      .optional(),
  })
  .refine((d) => d.text !== undefined || d.html !== undefined, {
    error: 'a document needs "text" or "html"',
  });

export interface ScoreRequest {
  /** A lone document (answered as one result) rather than a `documents` batch. */
  single: boolean;
  documents: PageInput[];
}

/** A request body that does not fit; the message says what and where. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

function describe(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((i) => {
      const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      return `${`${prefix}${path}`.replace(/^\./, '') || 'body'}: ${i.message}`;
    })
    .join('; ');
}

/**
 * A single document (`{"text": ...}`) or a batch (`{"documents": [...]}`) of at most `maxBatch`.
 */
export function parseScoreRequest(body: unknown, maxBatch: number): ScoreRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(
      'body: expected a JSON object: {"text": "..."} or {"documents": [{"text": "..."}, ...]}',
    );
  }
  if ('documents' in body) {
    const keys = Object.keys(body).filter((k) => k !== 'documents');
    if (keys.length > 0)
      throw new RequestError(`body: unexpected key(s) beside "documents": ${keys.join(', ')}`);
    const docs = body.documents;
    if (!Array.isArray(docs)) throw new RequestError('documents: expected an array of documents');
    if (docs.length === 0) throw new RequestError('documents: expected at least one document');
    if (docs.length > maxBatch) {
      throw new RequestError(
        `documents: ${docs.length} documents, over this service's limit of ${maxBatch} per request; split the batch`,
        413,
      );
    }
    const parsed = z.array(documentSchema).safeParse(docs);
    if (!parsed.success) throw new RequestError(describe(parsed.error, 'documents'));
    return { single: false, documents: parsed.data };
  }
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) throw new RequestError(describe(parsed.error, ''));
  return { single: true, documents: [parsed.data] };
}
