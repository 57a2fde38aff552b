/**
 * The console's Outbox: messages the bot sends on its own (scheduled tips, review notices,
 * direct messages) are shown between prompts instead of being posted to Discord.
 */
import type { Outbox } from '../replies/outbox.js';
import type { PostProblem } from '../replies/post-problem.js';
import type { Reply } from '../replies/reply.js';

/**
 * Shows a message under a heading such as "[posted to #123]"; must not corrupt a half-typed line.
 * `messageId` is the id the message has (for a post, the new one), so its buttons can say where
 * they were clicked.
 */
export type ShowPost = (heading: string, reply: Reply, messageId: string | null) => void;

export class ConsoleOutbox implements Outbox {
  private nextId = 1n;

  constructor(private readonly show: ShowPost) {}

  private newMessageId(): string {
    return String(500_000_000_000_000_000n + this.nextId++);
  }

  /** A terminal shows each post once, so the nonce that de-duplicates retried sends is not needed. */
  async postToChannel(
    channelId: string,
    reply: Reply,
    _options?: { readonly nonce?: string },
  ): Promise<{ messageId: string }> {
    const messageId = this.newMessageId();
    this.show(`[posted to #${channelId}]`, reply, messageId);
    return { messageId };
  }

  async editChannelMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    this.show(`[message ${messageId} in #${channelId} edited]`, reply, messageId);
  }

  async sendDirectMessage(userId: string, reply: Reply): Promise<boolean> {
    this.show(`[direct message to user ${userId}]`, reply, null);
    return true;
  }

  /** The console's server has no Discord language (`/faq config language` gives it one). */
  async guildLocale(): Promise<string | null> {
    return null;
  }

  /** The console can "post" anywhere. */
  async checkCanPost(): Promise<PostProblem | null> {
    return null;
  }
}
