/**
 * The stand-in's WebSocket gateway, API v10 JSON without compression: HELLO, IDENTIFY, heartbeat
 * and ACK, READY, then GUILD_CREATE for every guild, dispatches on demand, RESUME (replaying
 * what the bot missed) and RESUMED. Dispatches sent while the bot is disconnected are kept and
 * replayed on resume, as Discord does.
 *
 * Sharding as Discord does it: each IDENTIFY names its `shard` ([id, count]; absent means
 * [0, 1]) and opens a session of its own, and a guild's dispatches go only to the session of the
 * shard that owns it by the sharding formula (guilds.ts); dispatches of no guild go to shard 0.
 * Several bot processes, each identifying some shards, can share one stand-in.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { shardOf } from './guilds.js';
import { nextSnowflake } from './ids.js';

export interface IdentifyRecord {
  readonly intents: number;
  readonly shard: readonly number[] | undefined;
  readonly compress: boolean | undefined;
  /** Query parameters the bot connected with (v, encoding, compress). */
  readonly query: Readonly<Record<string, string>>;
}

/** [shard id, shard count], as IDENTIFY and READY carry it. */
export type ShardPair = readonly [id: number, count: number];

interface Session {
  readonly id: string;
  readonly shard: ShardPair;
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
  /**
   * Builds the READY payload for a new session of `shard` and the dispatches that follow it
   * (GUILD_CREATE for that shard's guilds).
   */
  readonly onIdentify: (
    sessionId: string,
    shard: ShardPair,
  ) => { ready: object; after: { t: string; d: unknown }[] };
  readonly resumeUrl: () => string;
  /** Record IDENTIFY but never answer it, so the bot stays in start-up (signal-during-start-up tests). */
  readonly holdReady?: boolean;
}

export class FakeGateway extends EventEmitter {
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: { sessionId: string; seq: number }[] = [];
  heartbeats = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  /** The live session of each shard id. */
  private readonly sessions = new Map<number, Session>();

  constructor(private readonly options: GatewayOptions) {
    super();
    this.wss.on('connection', (socket, request: IncomingMessage) => this.accept(socket, request));
  }

  handleUpgrade(request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  /** Whether any shard's connection is open. */
  get connected(): boolean {
    return [...this.sessions.values()].some((session) => session.socket?.readyState === 1);
  }

  /** Shard 0's session id (the only session when the bot does not shard). */
  get sessionId(): string | null {
    return this.sessions.get(0)?.id ?? null;
  }

  /** The shards that have identified, as [id, count], ascending by id. */
  get shards(): ShardPair[] {
    return [...this.sessions.values()].map((s) => s.shard).sort((a, b) => a[0] - b[0]);
  }

  /** Whether a shard that receives `guildId`'s dispatches (shard 0's for none) has identified. */
  hasShardFor(guildId: string | null): boolean {
    return this.sessionFor(guildId) !== null;
  }

  /**
   * The session that receives `guildId`'s dispatches: the one whose shard owns it by the sharding
   * formula; with no guild (a DM), shard 0's. Null when that shard has not identified.
   */
  private sessionFor(guildId: string | null): Session | null {
    for (const session of this.sessions.values()) {
      const [id, count] = session.shard;
      if (guildId === null ? id === 0 : shardOf(guildId, count) === id) return session;
    }
    return null;
  }

  /**
   * Sends a dispatch to the shard that owns `guildId` (shard 0 for none), now, or keeps it for
   * replay when that shard is between connections. Throws when no identified shard owns it.
   */
  dispatch(t: string, d: unknown, guildId: string | null = null): void {
    const session = this.sessionFor(guildId);
    if (!session) {
      const detail =
        this.sessions.size === 0 ? 'the bot has not identified' : `no identified shard owns guild ${guildId}`;
      throw new Error(`fake-discord: cannot dispatch ${t}: ${detail}`);
    }
    this.send(session, t, d);
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, s: session.seq, t, d });
    session.sent.push({ s: session.seq, frame });
    if (session.sent.length > this.options.replayLimit) session.sent.splice(0, session.sent.length / 2);
    if (session.socket?.readyState === 1) session.socket.send(frame);
  }

  /** Closes the bot's connection (every shard's) with `code`; resolves once the sockets are closed. */
  async close(code: number, reason = ''): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].map(async ({ socket }) => {
        if (!socket || socket.readyState === 3) return;
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.close(code, reason);
        await closed;
      }),
    );
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const query = Object.fromEntries(new URL(request.url ?? '/', 'ws://localhost').searchParams);
    this.sendPacket(socket, {
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
      for (const session of this.sessions.values()) if (session.socket === socket) session.socket = null;
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
        this.sendPacket(socket, { op: GatewayOpcodes.HeartbeatAck });
        this.emit('heartbeat');
        return;
      case GatewayOpcodes.Identify: {
        const d = packet.d as { intents: number; shard?: number[]; compress?: boolean };
        const record = { intents: d.intents, shard: d.shard, compress: d.compress, query };
        this.identifies.push(record);
        const shard = validShard(d.shard);
        if (!shard) {
          // Discord's close code 4010, "Invalid shard": an id outside [0, count).
          socket.close(4010, 'Invalid shard');
          return;
        }
        if (this.options.holdReady) {
          this.emit('identify', record);
          return;
        }
        // A new IDENTIFY for a shard replaces its old session, as on Discord.
        this.sessions.get(shard[0])?.socket?.terminate();
        const session: Session = { id: nextSnowflake(), shard, seq: 0, sent: [], socket };
        this.sessions.set(shard[0], session);
        const { ready, after } = this.options.onIdentify(session.id, shard);
        this.send(session, 'READY', {
          ...ready,
          shard,
          session_id: session.id,
          resume_gateway_url: this.options.resumeUrl(),
        });
        for (const event of after) this.send(session, event.t, event.d);
        this.emit('identify', record);
        return;
      }
      case GatewayOpcodes.Resume: {
        const d = packet.d as { session_id: string; seq: number };
        const session = [...this.sessions.values()].find((s) => s.id === d.session_id);
        if (!session) {
          this.sendPacket(socket, { op: GatewayOpcodes.InvalidSession, d: false });
          return;
        }
        session.socket = socket;
        this.resumes.push({ sessionId: d.session_id, seq: d.seq });
        for (const event of session.sent) {
          if (event.s > d.seq) socket.send(event.frame);
        }
        this.send(session, 'RESUMED', {});
        this.emit('resume');
        return;
      }
      default:
        // Presence and voice updates and the like: Discord accepts them silently.
        return;
    }
  }

  private sendPacket(socket: WebSocket, packet: object): void {
    socket.send(JSON.stringify(packet));
  }
}

/** IDENTIFY's `shard` as Discord accepts it: absent ([0, 1]) or [id, count] with 0 <= id < count. */
function validShard(shard: readonly number[] | undefined): ShardPair | null {
  if (shard === undefined) return [0, 1];
  const [id, count] = shard;
  if (shard.length !== 2 || !Number.isInteger(id) || !Number.isInteger(count)) return null;
  if (id === undefined || count === undefined || count < 1 || id < 0 || id >= count) return null;
  return [id, count];
}
