/**
 * The community FAQ workflow, as command handlers see it: every change goes through here so the
 * store, the search index, the suggestion's review card and the author's notice stay in step,
 * whichever path took the decision. Handlers keep parsing input, checking rights and shaping
 * replies; reads they need are passed through to the store, except approved entries, which come
 * from this process's FAQ view (FaqSync) so that /ask and the search index always agree.
 */
import type { Locale } from '../i18n/locales.js';
import { type Translator, translator } from '../i18n/messages.js';
import { ENGLISH_EVERYWHERE, type ServerLanguage } from '../i18n/server-language.js';
import type { Logger } from '../logger.js';
import type { FaqMetrics } from '../ops/metrics.js';
import type { Outbox } from '../replies/outbox.js';
import { resolvedCard, reviewCard } from './faq-replies.js';
import type {
  FaqChange,
  FaqContent,
  FaqEntry,
  FaqStatus,
  FaqStore,
  GuildFaqSettings,
  ReviewCard,
  SuggestOutcome,
} from './faq-store.js';
import type { FaqSync } from './faq-sync.js';
import { notifyAuthor } from './notify-author.js';

export interface FaqServiceOptions {
  readonly store: FaqStore;
  /** Brings the search index up to date after each change (and with other processes' changes). */
  readonly sync: Pick<FaqSync, 'syncNow' | 'syncIfDue' | 'approvedEntry'>;
  readonly outbox: Outbox;
  readonly logger: Logger;
  /** The language of each server's review channel (cards, notes). Default: English everywhere. */
  readonly language?: ServerLanguage;
  /** Counts suggestions and the decisions that took effect. */
  readonly metrics: FaqMetrics;
}

/** Where a decision was taken, for the side effects that depend on it. */
export interface DecisionContext {
  /** The message whose button (or form) took the decision; null or absent for a slash command. */
  readonly decidedOn?: string | null;
  /** The server's name as the transport knows it, for the author's notice. */
  readonly guildName?: string | null;
}

/**
 * A stored suggestion, with its announcement in the review channel under way: `announced`
 * resolves true once the card is posted, false when there is no review channel or the post
 * failed (logged). It never rejects.
 */
export type Suggestion =
  | (Extract<SuggestOutcome, { ok: true }> & { readonly announced: Promise<boolean> })
  | Extract<SuggestOutcome, { ok: false }>;

export class FaqService {
  /** For reads the service does not pass through (tests, diagnostics); writes go through the service. */
  readonly store: FaqStore;

  private readonly language: ServerLanguage;

  constructor(private readonly o: FaqServiceOptions) {
    this.store = o.store;
    this.language = o.language ?? ENGLISH_EVERYWHERE;
  }

  /** The translator of a server's review channel and of the bot's notes about its FAQ. */
  async serverTranslator(guildId: string): Promise<Translator> {
    return translator(await this.language.of(guildId));
  }

  async get(guildId: string, id: number): Promise<FaqEntry | undefined> {
    return this.o.store.get(guildId, id);
  }

  /**
   * An approved entry of this guild (by number or its text form), else undefined, as this
   * process's FAQ view has it: the same entries the search index answers from, which follow
   * this process's changes at once and other processes' within FAQ_SYNC_INTERVAL_MS.
   */
  getApproved(guildId: string, id: number | string): FaqEntry | undefined {
    return this.o.sync.approvedEntry(guildId, id);
  }

  /**
   * Brings this process's FAQ view up to date with other processes' changes when the last look
   * is old enough (src/faq/faq-sync.ts). The dispatcher awaits it before each interaction.
   * Never rejects.
   */
  catchUp(): Promise<void> {
    return this.o.sync.syncIfDue();
  }

  settings(guildId: string): Promise<GuildFaqSettings> {
    return this.o.store.settings(guildId);
  }

  countByStatus(guildId: string, status: FaqStatus): Promise<number> {
    return this.o.store.countByStatus(guildId, status);
  }

  pendingCountOf(guildId: string, authorId: string): Promise<number> {
    return this.o.store.pendingCountOf(guildId, authorId);
  }

  oldestPending(guildId: string): Promise<FaqEntry | undefined> {
    return this.o.store.oldestPending(guildId);
  }

  /** One page of a guild's approved entries, oldest first. */
  approvedPage(guildId: string, offset: number, limit: number): Promise<FaqEntry[]> {
    return this.o.store.approvedPage(guildId, offset, limit);
  }

  /**
   * Stores a member's suggestion as pending (unless they already have `maxPending` waiting) and
   * starts announcing it in the guild's review channel, if one is set.
   */
  async suggest(
    guildId: string,
    authorId: string,
    content: FaqContent,
    maxPending: number,
  ): Promise<Suggestion> {
    const outcome = await this.o.store.suggest(guildId, authorId, content, maxPending);
    this.o.metrics.faqSuggestion(outcome.ok ? 'pending' : 'refused_too_many_pending');
    if (!outcome.ok) return outcome;
    return { ...outcome, announced: this.announce(outcome.entry) };
  }

  /** Approves a pending suggestion, optionally with a moderator's corrected text. */
  async approve(
    guildId: string,
    id: number,
    moderatorId: string,
    corrected?: FaqContent,
    where: DecisionContext = {},
  ): Promise<FaqChange> {
    return this.decided(await this.o.store.approve(guildId, id, moderatorId, corrected), moderatorId, where);
  }

  async reject(
    guildId: string,
    id: number,
    moderatorId: string,
    reason: string | null,
    where: DecisionContext = {},
  ): Promise<FaqChange> {
    return this.decided(await this.o.store.reject(guildId, id, moderatorId, reason), moderatorId, where);
  }

  /** Takes an approved entry out of the FAQ and out of the search index. */
  async remove(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange> {
    const change = await this.o.store.remove(guildId, id, moderatorId, reason);
    if (change.ok) this.o.metrics.faqDecision('removed');
    if (change.ok) await this.o.sync.syncNow();
    return change;
  }

  /**
   * Changes the text of an approved entry; the search index answers with the new text at once.
   * The same text again changes and records nothing (`changed: false`).
   */
  async edit(guildId: string, id: number, moderatorId: string, content: FaqContent): Promise<FaqChange> {
    const change = await this.o.store.edit(guildId, id, moderatorId, content);
    if (change.ok && change.changed) this.o.metrics.faqDecision('edited');
    if (change.ok && change.changed) await this.o.sync.syncNow();
    return change;
  }

  setReviewChannel(guildId: string, channelId: string | null, actorId: string): Promise<void> {
    return this.o.store.setReviewChannel(guildId, channelId, actorId);
  }

  setModeratorRole(guildId: string, roleId: string | null, actorId: string): Promise<void> {
    return this.o.store.setModeratorRole(guildId, roleId, actorId);
  }

  /** The server's language for the bot's own posts there; null follows its language in Discord. */
  setLanguage(guildId: string, language: Locale | null, actorId: string): Promise<void> {
    return this.o.store.setLanguage(guildId, language, actorId);
  }

  /** Posts the suggestion's review card, if the guild has a review channel, and remembers where. */
  private async announce(entry: FaqEntry): Promise<boolean> {
    let channelId: string | null = null;
    try {
      channelId = (await this.o.store.settings(entry.guildId)).reviewChannelId;
      if (channelId === null) return false;
      const tr = await this.serverTranslator(entry.guildId);
      const { messageId } = await this.o.outbox.postToChannel(channelId, reviewCard(entry, tr), {
        nonce: `faq-suggest-${entry.id}`,
      });
      await this.o.store.recordReviewCard(entry.id, { channelId, messageId });
      return true;
    } catch (error) {
      this.o.logger.warn(
        { err: error, guildId: entry.guildId, entryId: entry.id, channelId },
        'could not announce an FAQ suggestion in the review channel',
      );
      return false;
    }
  }

  /** After an approval or rejection: index, review card, log and the author's notice. */
  private async decided(change: FaqChange, moderatorId: string, where: DecisionContext): Promise<FaqChange> {
    if (!change.ok) return change;
    const { entry } = change;
    this.o.metrics.faqDecision(entry.status === 'approved' ? 'approved' : 'rejected');
    await this.o.sync.syncNow();
    void this.refreshReviewCard(entry, where.decidedOn ?? null);
    this.o.logger.info(
      { guildId: entry.guildId, entryId: entry.id, status: entry.status, moderatorId },
      'FAQ suggestion resolved',
    );
    // The moderator's answer does not wait for the author's DM; notifyAuthor logs its own failures.
    void notifyAuthor({ ...this.o, language: this.language }, entry, where.guildName).catch(
      (error: unknown) =>
        this.o.logger.error({ err: error, entryId: entry.id }, 'notifying an FAQ author failed'),
    );
    return change;
  }

  /**
   * After a decision taken anywhere but on the suggestion's card in the review channel (through
   * `/faq review`, say), that card is edited to show the outcome, so its buttons do not linger.
   * In the background: the moderator's answer does not wait for it, and a failure is only logged.
   */
  private async refreshReviewCard(entry: FaqEntry, decidedOn: string | null): Promise<void> {
    let card: ReviewCard | undefined;
    try {
      card = await this.o.store.reviewCard(entry.guildId, entry.id);
      if (!card || card.messageId === decidedOn) return;
      const tr = await this.serverTranslator(entry.guildId);
      await this.o.outbox.editChannelMessage(card.channelId, card.messageId, resolvedCard(entry, tr));
    } catch (error) {
      this.o.logger.warn(
        { err: error, guildId: entry.guildId, entryId: entry.id, channelId: card?.channelId },
        'could not update the review card of a decided FAQ suggestion',
      );
    }
  }
}
