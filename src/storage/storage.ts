/**
 * The bot's storage as the composition root sees it: one store per feature behind its port
 * (src/faq/faq-store.ts, src/tips/tip-store.ts, src/cooldowns/cooldown-store.ts), whichever
 * database holds them.
 */
import type { CooldownStore } from '../cooldowns/cooldown-store.js';
import type { FaqStore } from '../faq/faq-store.js';
import type { InsightStore } from '../insights/insight-store.js';
import type { TipStore } from '../tips/tip-store.js';

export interface Storage {
  readonly faq: FaqStore;
  readonly tips: TipStore;
  /** Questions the bot could not answer, per server (src/insights/insight-store.ts). */
  readonly insights: InsightStore;
  /** Cooldowns shared by every process on this database (the app uses them only when it must: src/app.ts). */
  readonly cooldowns: CooldownStore;
  /** Where the data lives, for logs: a file path, or a server's host, port and database (never a password). */
  readonly location: string;
  /**
   * Runs a trivial query (SELECT 1) on the database the stores use: resolves when it answers,
   * rejects when it cannot (a closed connection, a server that is down). For health checks.
   */
  ping(): Promise<void>;
  /** Closes every connection. Safe to call twice. */
  close(): Promise<void>;
}
