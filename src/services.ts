/**
 * Everything a command handler may use, passed explicitly in its context. Built once by
 * createApp (src/app.ts); tests build their own with real or in-memory parts.
 */
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Cooldowns } from './cooldowns.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import type { Logger } from './logger.js';
import type { Outbox } from './replies/outbox.js';
import type { QuestionIndex } from './search/types.js';
import type { FaqStore } from './storage/faq-store.js';
import type { TipService } from './tips/tip-service.js';

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly cooldowns: Cooldowns;
  readonly knowledge: KnowledgeBase;
  readonly search: QuestionIndex;
  readonly outbox: Outbox;
  readonly faq: FaqStore;
  readonly tips: TipService;
}
