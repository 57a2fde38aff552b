/**
 * The stand-in's WebSocket gateway, API v10 JSON without compression: HELLO, IDENTIFY, heartbeat
 * and ACK, READY, then GUILD_CREATE for every guild, dispatches on demand, RESUME (replaying
 * what the bot missed) and RESUMED. Dispatches sent while the bot is disconnected are kept and
 * replayed on resume, as Discord does.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { nextSnowflake } from './ids.js';

export interface IdentifyRecord {
  readonly intents: number;
  readonly shard: readonly number[] | undefined;
  readonly compress: boolean | undefined;
  /** Query parameters the bot connected with (v, encoding, compress). */
  readonly query: Readonly<Record<string, string>>;
}

interface Session {
  readonly id: string;
  seq: number;
  /**
   * Every dispatch of this session, kept for replay on resume, as the frame that was sent: one
   * flat string per event is far cheaper for the garbage collector than the payload's object tree.
   */
  readonly sent: { readonly s: number; readonly frame: string }[];
  socket: WebSocket | null;
}

export interface GatewayOptions {
  readonly heartbeatIntervalMs: number;
  /** How many past dispatches to keep for replay on resume. */
  readonly replayLimit: number;
  /** Builds the READY payload for a new session and the dispatches that follow it (GUILD_CREATE). */
  readonly onIdentify: (sessionId: string) => { ready: object; after: { t: string; d: unknown }[] };
  readonly resumeUrl: () => string;
  /** Record IDENTIFY but never answer it, so the bot stays in start-up (signal-during-start-up tests). */
  readonly holdReady?: boolean;
}

export class FakeGateway extends EventEmitter {
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: { sessionId: string; seq: number }[] = [];
  heartbeats = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private session: Session | null = null;

  constructor(private readonly options: GatewayOptions) {
    super();
    this.wss.on('connection', (socket, request: IncomingMessage) => this.accept(socket, request));
  }

  handleUpgrade(request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  get connected(): boolean {
    return this.session?.socket?.readyState === 1;
  }

  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Sends a dispatch now, or keeps it for replay when the bot is between connections. */
  dispatch(t: string, d: unknown): void {
    const session = this.session;
    if (!session) throw new Error(`fake-discord: cannot dispatch ${t}: the bot has not identified`);
    session.seq += 1;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, s: session.seq, t, d });
    session.sent.push({ s: session.seq, frame });
    if (session.sent.length > this.options.replayLimit) session.sent.splice(0, session.sent.length / 2);
    if (session.socket?.readyState === 1) session.socket.send(frame);
  }

  /** Closes the bot's connection with `code`; resolves once the socket is closed. */
  async close(code: number, reason = ''): Promise<void> {
    const socket = this.session?.socket;
    if (!socket || socket.readyState === 3) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.close(code, reason);
    await closed;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const query = Object.fromEntries(new URL(request.url ?? '/', 'ws://localhost').searchParams);
    this.send(socket, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs },
    });
    socket.on('message', (raw, isBinary) => {
      if (isBinary) {
        socket.close(4002, 'Decode error: the stand-in speaks JSON text only');
        return;
      }
      let packet: { op: number; d: unknown };
      try {
        packet = JSON.parse(raw.toString());
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      this.onPacket(socket, packet, query);
    });
    socket.on('close', () => {
      if (this.session?.socket === socket) this.session.socket = null;
      this.emit('disconnect');
    });
  }

  private onPacket(
    socket: WebSocket,
    packet: { op: number; d: unknown },
    query: Record<string, string>,
  ): void {
    switch (packet.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats += 1;
        this.send(socket, { op: GatewayOpcodes.HeartbeatAck });
        this.emit('heartbeat');
        return;
      case GatewayOpcodes.Identify: {
        const d = packet.d as { intents: number; shard?: number[]; compress?: boolean };
        const record = { intents: d.intents, shard: d.shard, compress: d.compress, query };
        this.identifies.push(record);
        if (this.options.holdReady) {
          this.emit('identify', record);
          return;
        }
        this.session?.socket?.terminate();
        const session: Session = { id: nextSnowflake(), seq: 0, sent: [], socket };
        this.session = session;
        const { ready, after } = this.options.onIdentify(session.id);
        this.dispatch('READY', {
          ...ready,
          session_id: session.id,
          resume_gateway_url: this.options.resumeUrl(),
        });
        for (const event of after) this.dispatch(event.t, event.d);
        this.emit('identify', record);
        return;
      }
      case GatewayOpcodes.Resume: {
        const d = packet.d as { session_id: string; seq: number };
        const session = this.session;
        if (!session || session.id !== d.session_id) {
          this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
          return;
        }
        session.socket = socket;
        this.resumes.push({ sessionId: d.session_id, seq: d.seq });
        for (const event of session.sent) {
          if (event.s > d.seq) socket.send(event.frame);
        }
        this.dispatch('RESUMED', {});
        this.emit('resume');
        return;
      }
      default:
        // Presence and voice updates and the like: Discord accepts them silently.
        return;
    }
  }

  private send(socket: WebSocket, packet: object): void {
    socket.send(JSON.stringify(packet));
  }
}
