/** An Outbox that records what would have been sent, for handler and scheduler tests. */
import { type Outbox, OutboxError } from '../../src/replies/outbox.js';
import type { PostProblem } from '../../src/replies/post-problem.js';
import type { Reply } from '../../src/replies/reply.js';

export interface SentMessage {
  readonly channelId: string;
  readonly reply: Reply;
  readonly nonce: string | undefined;
  readonly messageId: string;
}

export class RecordingOutbox implements Outbox {
  readonly posts: SentMessage[] = [];
  readonly directMessages: { userId: string; reply: Reply }[] = [];
  readonly edits: { channelId: string; messageId: string; reply: Reply }[] = [];
  /** Channels that fail, and how (set by a test). */
  readonly failingChannels = new Map<string, OutboxError>();
  /** Users whose DMs are closed. */
  readonly closedDms = new Set<string>();
  private nextId = 1;

  async postToChannel(
    channelId: string,
    reply: Reply,
    options?: { nonce?: string },
  ): Promise<{ messageId: string }> {
    const failure = this.failingChannels.get(channelId);
    if (failure) throw failure;
    const messageId = String(1_000_000_000_000_000_000n + BigInt(this.nextId++));
    this.posts.push({ channelId, reply, nonce: options?.nonce, messageId });
    return { messageId };
  }

  async editChannelMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const failure = this.failingChannels.get(channelId);
    if (failure) throw failure;
    this.edits.push({ channelId, messageId, reply });
  }

  async sendDirectMessage(userId: string, reply: Reply): Promise<boolean> {
    if (this.closedDms.has(userId)) return false;
    this.directMessages.push({ userId, reply });
    return true;
  }

  /** Servers' Discord languages (`preferred_locale`), set by a test; absent means unknown. */
  readonly guildLocales = new Map<string, string>();

  async guildLocale(guildId: string): Promise<string | null> {
    return this.guildLocales.get(guildId) ?? null;
  }

  /** A failing channel is one the bot may not post in (missing-access) or cannot find. */
  async checkCanPost(_guildId: string, channelId: string): Promise<PostProblem | null> {
    const failure = this.failingChannels.get(channelId);
    if (!failure) return null;
    return failure.failure === 'missing-channel'
      ? { code: 'channel-not-found', channelId }
      : { code: 'missing-permissions', channelName: channelId, missing: ['sendMessages'] };
  }
}

export { OutboxError };
