/**
 * The community FAQ's storage port: what the FAQ feature needs from a database, in its own
 * domain types. Adapters (src/storage/sqlite/, src/storage/postgres/) implement it; the
 * composition root (src/app.ts) picks one. Every method is asynchronous so that a database
 * server can sit behind it; every change is one transaction that writes its audit row with it.
 *
 * Guarantees every adapter keeps (checked by test/faq/faq-store.contract.ts against each one):
 * - of two moderators deciding one suggestion at once, in any processes, exactly one wins;
 *   the other gets `{ ok: false, current }` with the entry as the winner left it;
 * - a member never has more than `maxPending` suggestions waiting, even when submitting twice at once;
 * - entries are never deleted, and the audit trail is append-only;
 * - every write to an entry gets the next FAQ revision, handed out in commit order, so a reader
 *   that has seen revision n has seen every change up to n (src/faq/faq-sync.ts relies on it).
 */
import type { Locale } from '../i18n/locales.js';
import type { FaqDocument } from '../search/types.js';

export const FAQ_STATUSES = ['pending', 'approved', 'rejected', 'removed'] as const;
export type FaqStatus = (typeof FAQ_STATUSES)[number];

export interface FaqEntry {
  readonly id: number;
  readonly guildId: string;
  readonly status: FaqStatus;
  readonly authorId: string;
  readonly question: string;
  readonly answer: string;
  readonly sourceUrl: string | null;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The moderator who approved, rejected or removed it (the last one to act). */
  readonly resolvedBy: string | null;
  readonly resolvedAt: number | null;
  readonly reason: string | null;
}

/** A suggestion's card in the review channel. */
export interface ReviewCard {
  readonly channelId: string;
  readonly messageId: string;
}

/** The text of an entry, already cleaned and validated (src/faq/validation.ts). */
export interface FaqContent {
  readonly question: string;
  readonly answer: string;
  readonly sourceUrl: string | null;
}

export interface GuildFaqSettings {
  readonly reviewChannelId: string | null;
  readonly moderatorRoleId: string | null;
  /**
   * The language chosen with `/faq config language` for the bot's own posts in this server
   * (src/i18n/server-language.ts); null to follow the server's language in Discord.
   */
  readonly language: Locale | null;
}

export const NO_FAQ_SETTINGS: GuildFaqSettings = {
  reviewChannelId: null,
  moderatorRoleId: null,
  language: null,
};

export const AUDIT_ACTIONS = [
  'suggest',
  'approve',
  'reject',
  'edit',
  'remove',
  'config-review-channel',
  'config-moderator-role',
  'config-language',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  readonly id: number;
  readonly guildId: string;
  readonly actorId: string;
  readonly action: AuditAction;
  readonly entryId: number | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: number;
}

/** The outcome of acting on an entry that someone else may have acted on first. */
export type FaqChange =
  /** `changed` is false only for an edit that kept every word: then nothing was written. */
  | { readonly ok: true; readonly entry: FaqEntry; readonly before: FaqEntry; readonly changed: boolean }
  /** `current` is the entry as it is now (undefined when it does not exist in this guild). */
  | { readonly ok: false; readonly current: FaqEntry | undefined };

export type SuggestOutcome =
  | { readonly ok: true; readonly entry: FaqEntry }
  | { readonly ok: false; readonly reason: 'too-many-pending'; readonly pending: number };

/**
 * Every approved entry of every guild, and the FAQ revision they are as of: a reader that
 * later asks for changesSince(revision) gets exactly what changed after them.
 */
export interface FaqSnapshot {
  readonly revision: number;
  readonly entries: readonly FaqEntry[];
}

export interface FaqChanges {
  /** The revision the reader is brought up to (the one asked about when nothing changed). */
  readonly revision: number;
  /** Each changed entry once, as it is now, oldest change first. */
  readonly entries: readonly FaqEntry[];
}

export interface FaqStore {
  /** Stores a member's suggestion as pending, unless they already have `maxPending` waiting. */
  suggest(
    guildId: string,
    authorId: string,
    content: FaqContent,
    maxPending: number,
  ): Promise<SuggestOutcome>;
  /** An entry of this guild in any status. */
  get(guildId: string, id: number): Promise<FaqEntry | undefined>;
  pendingCountOf(guildId: string, authorId: string): Promise<number>;
  countByStatus(guildId: string, status: FaqStatus): Promise<number>;
  /** The suggestion that has waited longest, if any. */
  oldestPending(guildId: string): Promise<FaqEntry | undefined>;
  /** A guild's entries in one status, oldest first. */
  listByStatus(guildId: string, status: FaqStatus): Promise<FaqEntry[]>;
  /** One page of a guild's approved entries, oldest first (`offset` and `limit` count entries). */
  approvedPage(guildId: string, offset: number, limit: number): Promise<FaqEntry[]>;
  /** Every approved entry of every guild with the revision they are as of, read together (start-up). */
  approvedSnapshot(): Promise<FaqSnapshot>;
  /**
   * The entries (any status, any guild) written since FAQ revision `revision`. One indexed range
   * read: its cost follows the number of changes, not the size of the FAQ.
   */
  changesSince(revision: number): Promise<FaqChanges>;
  /** Approves a pending suggestion, optionally with a moderator's corrected text. */
  approve(guildId: string, id: number, moderatorId: string, corrected?: FaqContent): Promise<FaqChange>;
  /** Rejects a pending suggestion; `reason` is the moderator's own words, kept as given. */
  reject(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange>;
  /** Takes an approved entry out of service; it stays in the table and the audit trail. */
  remove(guildId: string, id: number, moderatorId: string, reason: string | null): Promise<FaqChange>;
  /**
   * Changes the text of an approved entry. Text identical to the stored one is no change: nothing
   * is written (no audit row, no new revision) and the outcome says `changed: false`.
   */
  edit(guildId: string, id: number, moderatorId: string, content: FaqContent): Promise<FaqChange>;
  settings(guildId: string): Promise<GuildFaqSettings>;
  setReviewChannel(guildId: string, channelId: string | null, actorId: string): Promise<void>;
  setModeratorRole(guildId: string, roleId: string | null, actorId: string): Promise<void>;
  /** Sets (or, with null, clears) the server's chosen language; audited like the other settings. */
  setLanguage(guildId: string, language: Locale | null, actorId: string): Promise<void>;
  /** Remembers where the review card of a suggestion was posted (replacing an earlier card). */
  recordReviewCard(entryId: number, card: ReviewCard): Promise<void>;
  /** Where the review card of an entry of this guild was posted, if one was. */
  reviewCard(guildId: string, entryId: number): Promise<ReviewCard | undefined>;
  /** A guild's audit trail, oldest first. */
  auditTrail(guildId: string): Promise<AuditRecord[]>;
}

/** The parts of an entry the search index keeps. */
export function toFaqDocument(entry: FaqEntry): FaqDocument {
  return { guildId: entry.guildId, id: String(entry.id), question: entry.question, answer: entry.answer };
}

/** An entry id as typed or picked (`12`, or the number itself); null when it cannot be one. */
export function parseEntryId(id: number | string): number | null {
  const numeric = typeof id === 'number' ? id : /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN;
  return Number.isSafeInteger(numeric) ? numeric : null;
}

/** What the audit trail keeps of an entry: everything but the keys it is filed under (JSON). */
export function auditSnapshot(entry: FaqEntry): string {
  const { id: _id, guildId: _guildId, ...rest } = entry;
  return JSON.stringify(rest);
}
