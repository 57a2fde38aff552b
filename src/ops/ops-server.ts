/**
 * The two operations endpoints, `GET /metrics` (Prometheus's text format) and `GET /healthz` (200
 * or 503 with a short reason, as JSON), as a handler any node:http server can call (the
 * interactions server of `npm run serve` does), and as a small server of their own on
 * METRICS_HOST:METRICS_PORT for the gateway bot, which has no HTTP server otherwise.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { Health } from './health.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';
export const HEALTH_PATH = '/healthz';

export interface OpsEndpointsOptions {
  readonly metrics: Metrics;
  readonly health: Health;
  readonly logger: Logger;
}

/** Answers GET (and HEAD) on /metrics and /healthz; leaves every other path to the caller. */
export class OpsEndpoints {
  constructor(private readonly o: OpsEndpointsOptions) {}

  /**
   * Answers `req` when `path` (without its query) is /metrics or /healthz, and resolves true;
   * resolves false, having sent nothing, for any other path. A method other than GET or HEAD is
   * answered 405 with Allow. Never rejects: a failure to render the metrics is a logged 500.
   */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path !== METRICS_PATH && path !== HEALTH_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // A body sent with the wrong method is not read: the connection closes after the answer.
      res.setHeader('connection', 'close');
      res.setHeader('allow', 'GET, HEAD');
      send(req, res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
      return true;
    }
    if (path === HEALTH_PATH) {
      const status = await this.o.health.check();
      const body = status.ok ? { status: 'ready' } : { status: 'unavailable', reason: status.reason };
      send(req, res, status.ok ? 200 : 503, 'application/json', JSON.stringify(body));
      return true;
    }
    let text: string;
    try {
      text = await this.o.metrics.render();
    } catch (error) {
      this.o.logger.error({ err: error }, 'metrics could not be rendered');
      send(req, res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      return true;
    }
    send(req, res, 200, this.o.metrics.contentType, text);
    return true;
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    // A probe must see the state now, not a proxy's copy of it.
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A client that has not sent its request within this long is cut off (408), as on the interactions server. */
const REQUEST_TIMEOUT_MS = 5_000;

/** The metrics and health server of the gateway bot (METRICS_PORT). */
export class OpsServer {
  private readonly server: Server;

  constructor(endpoints: OpsEndpoints, logger: Logger) {
    this.server = createServer(
      {
        headersTimeout: REQUEST_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
        connectionsCheckingInterval: 1_000,
      },
      (req, res) => {
        const url = req.url ?? '/';
        const query = url.indexOf('?');
        const path = query === -1 ? url : url.slice(0, query);
        endpoints.handle(req, res, path).then(
          (handled) => {
            if (handled) return;
            res.setHeader('connection', 'close');
            send(req, res, 404, 'application/json', JSON.stringify({ error: 'not found' }));
          },
          (error: unknown) => {
            logger.error({ err: error, path }, 'operations request failed');
            res.destroy();
          },
        );
      },
    );
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). Rejects if the port is taken. */
  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /**
   * Stops listening and closes every connection at once: called last in a shutdown, after the
   * 503s have been served, so nothing is left worth waiting for. Safe to call twice.
   */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** "http://host:port" for a bound address (IPv6 in brackets). */
export function addressUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts the operations server on `port` and `host`, or returns null when `port` is undefined
 * (METRICS_PORT unset: off). Rejects when the address cannot be bound (taken, not local).
 */
export async function startOpsServer(
  port: number | undefined,
  host: string,
  options: OpsEndpointsOptions,
): Promise<{ readonly server: OpsServer; readonly url: string } | null> {
  if (port === undefined) return null;
  const server = new OpsServer(new OpsEndpoints(options), options.logger);
  const address = await server.listen(port, host);
  const url = addressUrl(address);
  options.logger.info({ url, paths: [METRICS_PATH, HEALTH_PATH] }, 'metrics and health endpoints listening');
  return { server, url };
}
