/**
 * Everything a command handler may use, passed explicitly in its context. Built once by
 * createApp (src/app.ts); tests build their own with real or in-memory parts.
 */
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Cooldowns } from './cooldowns/cooldowns.js';
import type { FaqService } from './faq/faq-service.js';
import type { ServerLanguage } from './i18n/server-language.js';
import type { Insights } from './insights/insights.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import type { KnowledgeLibrary } from './knowledge/knowledge-library.js';
import type { Logger } from './logger.js';
import type { InteractionMetrics } from './ops/metrics.js';
import type { Outbox } from './replies/outbox.js';
import type { QuestionIndex } from './search/types.js';
import type { TipService } from './tips/tip-service.js';

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly cooldowns: Cooldowns;
  /** The English knowledge base: the source of every id (topics, sections, tips). */
  readonly knowledge: KnowledgeBase;
  /** The knowledge base per locale (`library.in(result.locale)` renders an answer in its language). */
  readonly library: KnowledgeLibrary;
  readonly search: QuestionIndex;
  /** Each server's language, for what the bot posts there on its own (tips, review cards). */
  readonly language: ServerLanguage;
  readonly outbox: Outbox;
  /** The community FAQ: every change goes through it, so store, index, cards and notices agree. */
  readonly faq: FaqService;
  readonly tips: TipService;
  /** The questions the bot could not answer, per server (/faq insights). */
  readonly insights: Insights;
  /** Where the dispatcher records each interaction's outcome and latency (handlers record nothing). */
  readonly metrics: InteractionMetrics;
}
