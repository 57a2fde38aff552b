/**
 * The HTTP side of `npm run serve`, on node:http (a framework would add a dependency for three
 * routes): `POST /interactions` takes what Discord sends to the Interactions Endpoint URL,
 * `GET /healthz` tells a load balancer whether this instance takes requests (and its database
 * answers) and `GET /metrics` serves Prometheus's text (both src/ops/ops-server.ts), anything else is 404
 * (or 405 for the wrong method). It owns what protects the process from its clients: a body limit
 * (413), deadlines for the headers and for the whole request (node:http answers 408 and closes),
 * a signature check on every interaction before anything else is done with it (401 with a bare
 * message, whatever the reason), and a graceful stop.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../logger.js';
import type { OpsEndpoints } from '../../ops/ops-server.js';
import type { InteractionEndpoint } from './interaction-endpoint.js';
import { InteractionPayloadError, parseInteraction } from './interaction-input.js';
import type { InteractionReplayGuard } from './replay-guard.js';
import type { SignatureVerifier } from './signature.js';

export const INTERACTIONS_PATH = '/interactions';

export interface HttpLimits {
  /** Largest body taken, in bytes; more is refused with 413. */
  readonly maxBodyBytes: number;
  /** From connection (or the previous response) to the end of the headers, in ms; then 408 and close. */
  readonly headersTimeoutMs: number;
  /** From connection to the end of the body, in ms; then 408 and close. */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this long, in ms. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  // Ours, not Discord's: the largest interaction it sends (a form of five 4,000-character fields,
  // JSON-escaped, or a button on a long message) is well under 256 KB; 1 MiB leaves room for what it adds.
  maxBodyBytes: 1024 * 1024,
  // Discord waits 3 seconds for an answer, so a request still arriving after 5 is of no use to anyone.
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 5_000,
  // Longer than the 60-second idle timeout of common load balancers, so the balancer, not this
  // server, closes an idle connection and never sends a request on one being closed.
  keepAliveTimeoutMs: 65_000,
};

const UNAUTHORIZED = JSON.stringify({ error: 'invalid request signature' });

export interface InteractionsServerOptions {
  readonly endpoint: InteractionEndpoint;
  readonly verify: SignatureVerifier;
  readonly replayGuard: InteractionReplayGuard;
  /** GET /metrics and /healthz (src/ops/ops-server.ts). */
  readonly ops: OpsEndpoints;
  readonly logger: Logger;
  readonly limits?: Partial<HttpLimits>;
  /** Milliseconds since the epoch, for the replay guard (the same clock as the signature's age). */
  readonly now?: () => number;
}

export class InteractionsServer {
  private readonly server: Server;
  private readonly limits: HttpLimits;
  private readonly now: () => number;
  private stopping = false;

  constructor(private readonly o: InteractionsServerOptions) {
    this.limits = { ...DEFAULT_HTTP_LIMITS, ...o.limits };
    this.now = o.now ?? Date.now;
    this.server = createServer(
      {
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: this.limits.requestTimeoutMs,
        keepAliveTimeout: this.limits.keepAliveTimeoutMs,
        // How often node:http looks for requests past their deadline (its default is 30 s).
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, this.limits.headersTimeoutMs / 4)),
      },
      (req, res) => {
        this.onRequest(req, res).catch((error: unknown) => {
          o.logger.error({ err: error, path: req.url }, 'HTTP request failed');
          if (!res.headersSent) this.send(res, 500, JSON.stringify({ error: 'internal error' }));
          else res.destroy();
        });
      },
    );
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Malformed requests and timeouts: node:http has a fitting answer (400, 408, 431); the log
      // says which, at debug level, because scanners send them all day.
      o.logger.debug({ code: error.code }, 'HTTP client error');
      if (socket.writable && !socket.writableEnded) {
        const status =
          error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : error.code === 'HPE_HEADER_OVERFLOW'
              ? '431 Request Header Fields Too Large'
              : '400 Bad Request';
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      }
      socket.destroy();
    });
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
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
   * Stops taking connections and closes idle ones; requests already received are answered (with
   * `Connection: close`) and requests that arrive on an open connection from now on get the
   * "restarting" notice. Resolves when every connection has closed, or after `timeoutMs`, when the
   * rest are cut. True when all closed by themselves.
   */
  async close(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    const closed = new Promise<true>((resolve) => this.server.close(() => resolve(true)));
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([closed, timedOut]);
    clearTimeout(timer);
    if (!result) {
      this.server.closeAllConnections();
      await closed;
    }
    return result;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Decided when the request arrives: one in flight when shutdown begins is still answered.
    const admitted = !this.stopping;
    const query = req.url?.indexOf('?') ?? -1;
    const path = query === -1 ? (req.url ?? '/') : (req.url ?? '/').slice(0, query);
    // While stopping, a client (a load balancer) is told to take its next request elsewhere.
    if (this.stopping) res.setHeader('connection', 'close');
    if (await this.o.ops.handle(req, res, path)) return;
    if (path !== INTERACTIONS_PATH) {
      this.closeIfBody(req, res);
      this.send(res, 404, JSON.stringify({ error: 'not found' }));
      return;
    }
    if (req.method !== 'POST') return this.notAllowed(req, res, 'POST');

    const body = await this.readBody(req, res);
    if (body === null) return;
    const headers = req.headers;
    const check = await this.o.verify(
      single(headers['x-signature-ed25519']),
      single(headers['x-signature-timestamp']),
      body,
    );
    if (!check.ok) return this.unauthorized(res, check.reason);

    let parsed: ReturnType<typeof parseInteraction>;
    try {
      parsed = parseInteraction(JSON.parse(body.toString('utf8')));
    } catch (error) {
      const message = error instanceof InteractionPayloadError ? error.message : 'the body is not JSON';
      this.o.logger.warn({ problem: message }, 'signed interaction could not be read');
      this.send(res, 400, JSON.stringify({ error: message }));
      return;
    }
    const id = parsed.kind === 'ping' ? parsed.id : parsed.base.id;
    const timestamp = Number(single(headers['x-signature-timestamp']));
    if (!this.o.replayGuard.firstTime(id, timestamp, this.now())) return this.unauthorized(res, 'replay');

    if (parsed.kind === 'ping') {
      // Discord's check of the endpoint URL (and of its health, now and then): PONG.
      this.send(res, 200, '{"type":1}');
      return;
    }
    if (parsed.kind === 'unsupported') {
      this.o.logger.debug({ interactionId: id, what: parsed.what }, 'interaction type not handled');
      this.send(res, 400, JSON.stringify({ error: `not handled: ${parsed.what}` }));
      return;
    }
    let answered = false;
    const answer = (json: Buffer) => {
      answered = true;
      return this.sendAndWait(res, 200, json);
    };
    await this.o.endpoint.handle(parsed, answer, admitted);
    // The endpoint logs what went wrong; Discord must still get an answer to its request.
    if (!answered && !res.headersSent) this.send(res, 500, JSON.stringify({ error: 'internal error' }));
  }

  /** The whole body, or null once a 413 has been sent (over the limit) or the client went away. */
  private readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
    const max = this.limits.maxBodyBytes;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      this.tooLarge(req, res, declared);
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          req.off('data', onData);
          this.tooLarge(req, res, size);
          resolve(null);
          return;
        }
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => resolve(size > max ? null : Buffer.concat(chunks, size)));
      // Aborted by the client or cut by the request deadline: there is nobody to answer.
      req.once('error', () => resolve(null));
      req.once('close', () => {
        if (!req.complete) resolve(null);
      });
    });
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse, bytes: number): void {
    this.o.logger.info({ bytes, limit: this.limits.maxBodyBytes }, 'request refused: body too large');
    // The rest of the body is not read: the connection closes once the answer is out.
    res.setHeader('connection', 'close');
    this.send(res, 413, JSON.stringify({ error: 'body too large' }), () => req.socket.destroy());
  }

  /**
   * A request refused without reading its body: the connection closes after the answer, rather
   * than node:http reading (and discarding) a body of any size to keep the connection open.
   */
  private closeIfBody(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') {
      res.setHeader('connection', 'close');
    } else if (req.headers['transfer-encoding'] !== undefined) {
      res.setHeader('connection', 'close');
    }
  }

  private unauthorized(res: ServerResponse, reason: string): void {
    // The reason is for the log only: a client learns nothing from the answer.
    this.o.logger.info({ reason }, 'request refused: bad signature');
    this.send(res, 401, UNAUTHORIZED);
  }

  private notAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
    this.closeIfBody(req, res);
    res.setHeader('allow', allow);
    this.send(res, 405, JSON.stringify({ error: 'method not allowed' }));
  }

  private send(res: ServerResponse, status: number, json: string | Buffer, done?: () => void): void {
    // While stopping, a client (a load balancer) is told to take its next request elsewhere.
    if (this.stopping) res.setHeader('connection', 'close');
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json, done);
  }

  /** Sends, and resolves once the response is handed to the operating system (rejects if the client left first). */
  private sendAndWait(res: ServerResponse, status: number, json: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      res.once('close', () => {
        if (!res.writableFinished)
          reject(new Error('the client closed the connection before the answer was sent'));
      });
      this.send(res, status, json, () => resolve());
    });
  }
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
