/**
 * The insights' storage port: questions the bot could not answer in a server (refused off-topic,
 * not confident) or whose answer a member marked "Not what I asked", kept per guild so moderators
 * and knowledge-base maintainers can see where answers are missing (issue 13). Adapters live in
 * src/storage/sqlite/ and src/storage/postgres/; test/insights/insight-store.test.ts holds the
 * contract both keep.
 *
 * Privacy is part of the contract: a record holds the cleaned question, its outcome, the best
 * guesses with scores, the locale and the time, and never who asked. A not-helpful click carries
 * a one-way `voterKey` (see voterKeyFor) used only so one person counts once per answer; it is
 * deleted with the record when the retention window ends.
 */
import { createHash } from 'node:crypto';
import type { Locale } from '../i18n/locales.js';

export const INSIGHT_OUTCOMES = ['off-topic', 'not-confident', 'not-helpful'] as const;
export type InsightOutcome = (typeof INSIGHT_OUTCOMES)[number];

/** One of the topics the matcher came closest with, and its score. */
export interface InsightGuess {
  readonly topicId: string;
  readonly score: number;
}

export interface NewInsight {
  readonly guildId: string;
  /** Already cleaned, with mentions made inert (cleanInsightQuestion). */
  readonly question: string;
  readonly outcome: InsightOutcome;
  readonly guesses: readonly InsightGuess[];
  readonly locale: Locale;
}

export interface Insight extends NewInsight {
  readonly id: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export interface InsightStore {
  /** Stores one unanswered question at `at` (milliseconds since the epoch). */
  record(insight: NewInsight, at: number): Promise<void>;
  /**
   * Stores a not-helpful mark unless one with the same `voterKey` is already kept.
   * @returns true when stored, false when this person had already marked this answer
   */
  recordOnce(insight: NewInsight, voterKey: string, at: number): Promise<boolean>;
  /** The guild's records at or after `since`, oldest first. */
  list(guildId: string, since: number): Promise<Insight[]>;
  /** One record of the guild, or undefined when there is none with that id there (or it expired). */
  get(guildId: string, id: number): Promise<Insight | undefined>;
  /** Whether the guild records insights: on unless a moderator switched it off. */
  isRecording(guildId: string): Promise<boolean>;
  /** Switches recording on or off for the guild (stored with the FAQ settings). */
  setRecording(guildId: string, on: boolean, actorId: string, at: number): Promise<void>;
  /** Deletes every record older than `before`; resolves with how many went. */
  prune(before: number): Promise<number>;
}

/**
 * The dedupe key of one person's not-helpful click on one answer: a SHA-256 of the answer's
 * message id and the user id, so the same click twice finds the same key while the database
 * never holds the user id itself. Discord ids are not secret, so this does not make the key
 * anonymous against someone holding both the database and a list of a server's members; that is
 * why the key lives only as long as its record (INSIGHTS_RETENTION_DAYS) and is never shown.
 */
export function voterKeyFor(userId: string, answerId: string): string {
  return createHash('sha256').update(`insight-vote\u0000${answerId}\u0000${userId}`).digest('hex');
}
