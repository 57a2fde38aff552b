/**
 * Messages the bot sends on its own initiative (scheduled tips, review-channel notices,
 * direct messages to FAQ authors), as opposed to replies to an interaction. The Discord
 * transport implements this through the same Reply -> payload choke point as replies;
 * the console prints instead.
 */
import type { PostProblem } from './post-problem.js';
import type { Reply } from './reply.js';

export type OutboxFailure =
  /** The channel or user does not exist (any more). */
  | 'missing-channel'
  /** 403: the bot may not view or post in that channel. */
  | 'missing-access'
  /** 429 that the REST client gave up on. */
  | 'rate-limited'
  /** 5xx. */
  | 'server-error'
  /** Timeout or connection failure. */
  | 'network'
  | 'unknown';

export class OutboxError extends Error {
  constructor(
    readonly failure: OutboxFailure,
    message: string,
    /** How long the server asked us to wait, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'OutboxError';
  }

  /** Worth trying again later (as opposed to a problem a moderator must fix). */
  get retryable(): boolean {
    return this.failure === 'rate-limited' || this.failure === 'server-error' || this.failure === 'network';
  }
}

export interface Outbox {
  /**
   * Posts a message to a guild channel and returns its id. `nonce` (at most 25 characters)
   * makes a retried send idempotent on Discord's side (`enforce_nonce`). Throws OutboxError.
   */
  postToChannel(
    channelId: string,
    reply: Reply,
    options?: { readonly nonce?: string },
  ): Promise<{ messageId: string }>;
  /**
   * Replaces a message the bot posted with `reply` (content, embeds and buttons; what the reply
   * omits is cleared). Throws OutboxError, with 'missing-channel' when the message is gone.
   */
  editChannelMessage(channelId: string, messageId: string, reply: Reply): Promise<void>;
  /** Direct message; resolves false (never throws) when the user has DMs closed or cannot be reached. */
  sendDirectMessage(userId: string, reply: Reply): Promise<boolean>;
  /**
   * The server's preferred locale as Discord reports it (`preferred_locale`, any Discord code),
   * the language its own posts default to; null when the transport cannot tell. Never rejects.
   */
  guildLocale(guildId: string): Promise<string | null>;
  /** Null when the bot can post in the channel, otherwise why not (a code; post-problem.ts words it). */
  checkCanPost(guildId: string, channelId: string): Promise<PostProblem | null>;
}
