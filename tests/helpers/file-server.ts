import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one path. */
export interface Route {
  body: Uint8Array;
  /** Answer the first `failFirst` requests with this status (and `Retry-After: 0`). */
  failFirst?: { count: number; status: number };
  /** On the first full request, send this many bytes and then cut the connection. */
  cutAfter?: number;
  /** Ignore `Range` (always 200 with the whole body). */
  noRanges?: boolean;
  lastModified?: string;
}

export interface FileServer {
  url: string;
  /** Requests seen, as `METHOD path range`. */
  log: string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server for remote-input tests: serves bodies with `Content-Length`,
 * `Last-Modified` and byte ranges, and can fail or cut the connection on purpose.
 */
export async function startFileServer(routes: Record<string, Route>): Promise<FileServer> {
  const log: string[] = [];
  const served = new Map<string, number>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range ?? '';
    log.push(`${req.method} ${path} ${range}`.trim());
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = {
      'last-modified': route.lastModified ?? 'Mon, 07 Dec 2026 10:00:00 GMT',
      'accept-ranges': route.noRanges ? 'none' : 'bytes',
    };
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...headers, 'content-length': route.body.byteLength }).end();
      return;
    }
    const n = (served.get(path) ?? 0) + 1;
    served.set(path, n);
    if (route.failFirst && n <= route.failFirst.count) {
      res.writeHead(route.failFirst.status, { 'retry-after': '0' }).end('busy');
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(range);
    if (m && !route.noRanges) {
      const from = Number(m[1]);
      const part = route.body.subarray(from);
      res
        .writeHead(206, {
          ...headers,
          'content-length': part.byteLength,
          'content-range': `bytes ${from}-${route.body.byteLength - 1}/${route.body.byteLength}`,
        })
        .end(part);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': route.body.byteLength });
    if (route.cutAfter !== undefined && n === 1 + (route.failFirst?.count ?? 0)) {
      res.write(route.body.subarray(0, route.cutAfter), () => res.destroy());
      return;
    }
    res.end(route.body);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
