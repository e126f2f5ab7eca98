import { createServer, type Server } from 'node:http';
import type { LabeledWeb } from './web.js';
import { notFound } from './html.js';

/** One request as the server saw it: what crawl tests assert on (robots.txt honoured, ...). */
export interface AccessLogEntry {
  site: string;
  method: string;
  /** Path and query, as requested. */
  path: string;
  status: number;
  /** The request's headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningWorld {
  /** Origins of the sites, in the world's order. */
  origins: string[];
  close(): Promise<void>;
}

/**
 * Serves every site of the world on its own port of 127.0.0.1 (origin i on basePort + i). Fails
 * as a whole, with the port named, when any port is taken.
 */
export async function serveWorld(
  world: LabeledWeb,
  options: { onRequest?: (entry: AccessLogEntry) => void } = {},
): Promise<RunningWorld> {
  const host = '127.0.0.1';
  const servers: Server[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => {
              resolve();
            });
          }),
      ),
    );
  };
  try {
    for (const site of world.sites) {
      const server = createServer((req, res) => {
        let response;
        try {
          response = site.respond(req.url ?? '/') ?? notFound();
          options.onRequest?.({
            site: site.id,
            method: req.method ?? 'GET',
            path: req.url ?? '/',
            status: response.status,
            headers: req.headers,
          });
        } catch (err) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(`demo world error: ${err instanceof Error ? err.message : String(err)}\n`);
          return;
        }
        const send = (): void => {
          res.writeHead(response.status, [
            ...response.headers.flat(),
            'Content-Length',
            String(response.body.length),
          ]);
          res.end(req.method === 'HEAD' ? undefined : response.body);
        };
        if (response.delayMs) {
          const timer = setTimeout(send, response.delayMs);
          res.on('close', () => {
            clearTimeout(timer);
          });
        } else send();
      });
      servers.push(server);
      const port = Number(new URL(site.origin).port);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) => {
          // The code travels with the message, so the CLI prints it without a stack trace.
          reject(
            Object.assign(
              new Error(
                err.code === 'EADDRINUSE'
                  ? `port ${port} (site ${site.id}) is in use; choose another --port (sites use ${world.basePort}-${world.basePort + world.sites.length - 1})`
                  : `cannot listen on ${host}:${port}: ${err.message}`,
              ),
              { code: err.code },
            ),
          );
        });
        server.listen(port, host, () => {
          resolve();
        });
      });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  return { origins: world.sites.map((s) => s.origin), close: closeAll };
}
