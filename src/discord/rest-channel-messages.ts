/**
 * The REST half of the Outbox (src/replies/outbox.ts) that both transports share: channel posts
 * (with an enforced nonce, so a retried scheduled post is never doubled), edits and direct
 * messages, each through payload.ts (the one outgoing choke point), plus plain REST reads. The
 * gateway's DiscordOutbox and `npm run serve`'s RestOutbox extend it and differ only in how they
 * check that the bot may post (discord.js cache or REST reads); post-permissions.ts has the words.
 */
import type { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from '../logger.js';
import type { Reply } from '../replies/reply.js';
import { messagePayload } from './payload.js';
import { toOutboxError } from './rest-errors.js';

/** Discord accepts nonces of at most 25 characters. */
const NONCE_MAX = 25;

export abstract class RestChannelMessages {
  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
    /** Aborted at shutdown: posts in progress (retries, a 429's wait included) give up at once. */
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Posts `reply` (never ephemeral: that exists only for interaction replies) to a channel and
   * returns the new message's id. A `nonce` (cut to Discord's 25 characters) is enforced, so the
   * same nonce posted twice makes one message. Throws an OutboxError (rest-errors.ts) on failure.
   */
  async postToChannel(
    channelId: string,
    reply: Reply,
    options: { readonly nonce?: string } = {},
  ): Promise<{ messageId: string }> {
    const body = {
      ...messagePayload(reply, 'create'),
      ...(options.nonce !== undefined && { nonce: options.nonce.slice(0, NONCE_MAX), enforce_nonce: true }),
    };
    // Ephemeral only exists for interaction replies.
    delete body.flags;
    try {
      const message = (await this.linked((signal) =>
        this.rest.post(Routes.channelMessages(channelId), { body, ...(signal && { signal }) }),
      )) as { id: string };
      return { messageId: message.id };
    } catch (error) {
      throw toOutboxError(error, `posting to channel ${channelId}`);
    }
  }

  /** Replaces a channel message's content with `reply`. Throws an OutboxError on failure. */
  async editChannelMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    try {
      await this.linked((signal) =>
        this.rest.patch(Routes.channelMessage(channelId, messageId), {
          body: messagePayload(reply, 'edit'),
          ...(signal && { signal }),
        }),
      );
    } catch (error) {
      throw toOutboxError(error, `editing message ${messageId} in channel ${channelId}`);
    }
  }

  /**
   * Opens a DM channel with `userId` and posts `reply` there. True when delivered; false (logged
   * at info with the reason, as closed DMs are common) when not. Never throws.
   */
  async sendDirectMessage(userId: string, reply: Reply): Promise<boolean> {
    try {
      const channel = (await this.linked((signal) =>
        this.rest.post(Routes.userChannels(), { body: { recipient_id: userId }, ...(signal && { signal }) }),
      )) as { id: string };
      await this.postToChannel(channel.id, { ...reply, ephemeral: false });
      return true;
    } catch (error) {
      this.logger.info(
        { userId, reason: toOutboxError(error, 'direct message').message },
        'direct message not delivered',
      );
      return false;
    }
  }

  /** GET `route`, given up at shutdown; rejects with discord.js's error as it comes. */
  protected read<T>(route: `/${string}`): Promise<T> {
    return this.linked((signal) => this.rest.get(route, signal ? { signal } : {})) as Promise<T>;
  }

  /**
   * Runs one REST call with its own signal, aborted when the shutdown signal is. discord.js adds
   * an abort listener to the signal of every request and never removes it: handing it the
   * long-lived shutdown signal itself would keep one listener per post for the life of the bot
   * (and Node warns of a leak after ten).
   */
  private async linked<T>(call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const shutdown = this.signal;
    if (!shutdown) return call(undefined);
    const controller = new AbortController();
    const abort = () => controller.abort(shutdown.reason);
    if (shutdown.aborted) abort();
    else shutdown.addEventListener('abort', abort, { once: true });
    try {
      return await call(controller.signal);
    } finally {
      shutdown.removeEventListener('abort', abort);
    }
  }
}
