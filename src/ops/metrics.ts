/**
 * The bot's metrics, in Prometheus's text format through prom-client: one Registry per Metrics
 * object, made by the composition root (src/app.ts, or the transport that starts it) and passed
 * down, never prom-client's global default registry. Each part of the code depends on the narrow
 * port it records through (InteractionMetrics, FaqMetrics, TipMetrics, RestMetrics,
 * DatabaseMetrics); the one Metrics class implements them all, in production and in tests alike.
 *
 * Names follow Prometheus's naming practice (prometheus.io/docs/practices/naming): one `metabot_`
 * prefix, base units (seconds; a 0..1 ratio), `_total` on counters. Labels hold small fixed sets
 * (command names, outcomes, status codes): never a user, guild, channel or message id, which
 * would make a time series per person and say who asked what.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { INSIGHT_OUTCOMES, type InsightOutcome } from '../insights/insight-store.js';

/**
 * What became of one interaction (src/ops/request-trace.ts derives it):
 * - answered: the handler replied with what was asked for;
 * - refused_off_topic / refused_language / not_confident: a question (`/ask`, `/connected aspect`)
 *   the search did not answer, by its reason;
 * - cooldown: the member was asked to wait (a per-member or per-channel pause);
 * - user_error: a problem the member caused (a UserError, or a question refused before it was read);
 * - fault: the code failed, and the member got an error reference.
 */
export const INTERACTION_OUTCOMES = [
  'answered',
  'refused_off_topic',
  'refused_language',
  'not_confident',
  'cooldown',
  'user_error',
  'fault',
] as const;
export type InteractionOutcome = (typeof INTERACTION_OUTCOMES)[number];

/** Discord's kinds of interaction that reach a handler: a slash command, a button, a form. */
export const INTERACTION_TYPES = ['command', 'component', 'modal'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** The label for a command name the bot does not serve (a stale button, a typo in the console). */
export const UNKNOWN_COMMAND = 'unknown';

/** A scheduled tip slot's final outcome; `paused`: it could not be posted and its schedule was paused. */
export const TIP_SLOT_OUTCOMES = ['posted', 'skipped', 'failed', 'paused'] as const;
export type TipSlotOutcome = (typeof TIP_SLOT_OUTCOMES)[number];

export const FAQ_SUGGESTION_RESULTS = ['pending', 'refused_too_many_pending'] as const;
export type FaqSuggestionResult = (typeof FAQ_SUGGESTION_RESULTS)[number];

export const FAQ_DECISIONS = ['approved', 'rejected', 'edited', 'removed'] as const;
export type FaqDecision = (typeof FAQ_DECISIONS)[number];

/** discord.js's RateLimitData.scope: the bot's own bucket, one shared with others, or the global limit. */
export const RATE_LIMIT_SCOPES = ['user', 'shared', 'global'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

/** The stores behind src/storage/storage.ts, plus 'storage' for the database as a whole (the health ping). */
export type StoreName = 'faq' | 'tips' | 'cooldowns' | 'insights' | 'storage';

/**
 * Handling latency buckets, in seconds: handlers take well under a millisecond to a few hundred
 * (a database round trip or two, a REST read), and Discord's 3-second window for a first answer
 * is the point past which the bot defers, so the buckets are dense below it and stop at 10.
 */
const DURATION_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Confidence is in [0, 1] (src/search/types.ts): tenths, written out so no bound is 0.30000000000000004. */
const CONFIDENCE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** What the dispatcher records about each interaction. */
export interface InteractionMetrics {
  /**
   * One interaction handled.
   * @param command a served command's name, or UNKNOWN_COMMAND (labels must stay a small set)
   * @param seconds from the dispatcher taking the request to the handler's reply being ready
   */
  interactionHandled(
    command: string,
    type: InteractionType,
    outcome: InteractionOutcome,
    seconds: number,
  ): void;
  /**
   * The confidence of an `/ask` question's best match, in [0, 1]: the answer's score, or the best
   * "did you mean" offer's when not confident. Shows how close questions fall to the threshold.
   */
  answerConfidence(outcome: 'answered' | 'not_confident', score: number): void;
}

/** What the FAQ service records (src/faq/faq-service.ts). */
export interface FaqMetrics {
  faqSuggestion(result: FaqSuggestionResult): void;
  /** A moderator's decision that took effect (a lost race with another moderator is not one). */
  faqDecision(decision: FaqDecision): void;
}

/** What the tip slot runner records (src/tips/slot-runner.ts). */
export interface TipMetrics {
  /** A slot's final outcome, counted by the process whose store call recorded it, so once per slot. */
  tipSlot(outcome: TipSlotOutcome): void;
  /** A failed send put back for another try. */
  tipSendRetry(): void;
}

/** What the insights service records (src/insights/insights.ts). */
export interface InsightMetrics {
  /** A question kept for /faq insights, by outcome (a repeated not-helpful click is not one). */
  insightRecorded(outcome: InsightOutcome): void;
}

/** What the Discord REST client reports (src/ops/rest-metrics.ts). */
export interface RestMetrics {
  /** discord.js waited for a rate limit (it knew of one, or Discord answered 429). */
  restRateLimited(scope: RateLimitScope): void;
  /**
   * An HTTP response from Discord's REST API.
   * @param status the HTTP status code
   * @param retried true when this response answers a retry of a request (after a 5xx or a network error)
   */
  restResponse(status: number, retried: boolean): void;
}

/** What the storage decorator records (src/ops/instrument-storage.ts). */
export interface DatabaseMetrics {
  /** A database call failed: `operation` is the store method's name. */
  databaseError(store: StoreName, operation: string): void;
}

export interface MetricsOptions {
  /**
   * Also collect prom-client's default process metrics (CPU, memory, event loop lag, GC,
   * handles). The entry points turn it on; tests that build many apps leave it off, because
   * each collection keeps an event-loop monitor and a GC observer for the life of the process.
   */
  readonly processMetrics?: boolean;
}

/** Every metric of the bot, in its own Registry. */
export class Metrics
  implements InteractionMetrics, FaqMetrics, TipMetrics, RestMetrics, DatabaseMetrics, InsightMetrics
{
  readonly registry = new Registry();
  private readonly interactions: Counter<'command' | 'type' | 'outcome'>;
  private readonly duration: Histogram<'command' | 'type'>;
  private readonly confidence: Histogram<'outcome'>;
  private readonly faqSuggestions: Counter<'result'>;
  private readonly faqDecisions: Counter<'decision'>;
  private readonly tipSlots: Counter<'outcome'>;
  private readonly tipRetries: Counter;
  private readonly rateLimits: Counter<'scope'>;
  private readonly restResponses: Counter<'code'>;
  private readonly restRetries: Counter;
  private readonly dbErrors: Counter<'store' | 'operation'>;
  private readonly insights: Counter<'outcome'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.interactions = new Counter({
      name: 'metabot_interactions_total',
      help: 'Interactions handled, by command, interaction type and outcome.',
      labelNames: ['command', 'type', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'metabot_interaction_duration_seconds',
      help: "Time from the dispatcher taking an interaction to its handler's reply being ready, in seconds.",
      labelNames: ['command', 'type'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    });
    this.confidence = new Histogram({
      name: 'metabot_answer_confidence_ratio',
      help: "Confidence (0 to 1) of an /ask question's best match: the answer's, or the best offer's when not confident.",
      labelNames: ['outcome'],
      buckets: CONFIDENCE_BUCKETS,
      registers,
    });
    this.faqSuggestions = new Counter({
      name: 'metabot_faq_suggestions_total',
      help: 'Community FAQ suggestions made, by result (pending review, or refused: too many waiting).',
      labelNames: ['result'],
      registers,
    });
    this.faqDecisions = new Counter({
      name: 'metabot_faq_decisions_total',
      help: 'Community FAQ moderation decisions that took effect, by decision.',
      labelNames: ['decision'],
      registers,
    });
    this.tipSlots = new Counter({
      name: 'metabot_tip_slots_total',
      help: 'Scheduled privacy tip slots by final outcome: posted, skipped, failed, or paused (failed and the schedule paused).',
      labelNames: ['outcome'],
      registers,
    });
    this.tipRetries = new Counter({
      name: 'metabot_tip_send_retries_total',
      help: 'Failed scheduled tip posts put back for another try.',
      registers,
    });
    this.rateLimits = new Counter({
      name: 'metabot_discord_rest_rate_limits_total',
      help: "Times the Discord REST client waited for a rate limit, by the limit's scope.",
      labelNames: ['scope'],
      registers,
    });
    this.restResponses = new Counter({
      name: 'metabot_discord_rest_responses_total',
      help: 'Responses from the Discord REST API, by HTTP status code.',
      labelNames: ['code'],
      registers,
    });
    this.restRetries = new Counter({
      name: 'metabot_discord_rest_retries_total',
      help: 'Discord REST requests sent again by the client (after a 5xx, a network error or a 429) that got a response.',
      registers,
    });
    this.dbErrors = new Counter({
      name: 'metabot_database_errors_total',
      help: 'Failed database calls, by store and operation.',
      labelNames: ['store', 'operation'],
      registers,
    });
    this.insights = new Counter({
      name: 'metabot_insights_recorded_total',
      help: 'Questions kept for /faq insights, by outcome: off-topic, not-confident, not-helpful.',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of INSIGHT_OUTCOMES) this.insights.inc({ outcome }, 0);
    // Every fixed label value starts at 0, so a rate() or an alert sees the series before its first event.
    for (const outcome of TIP_SLOT_OUTCOMES) this.tipSlots.inc({ outcome }, 0);
    for (const result of FAQ_SUGGESTION_RESULTS) this.faqSuggestions.inc({ result }, 0);
    for (const decision of FAQ_DECISIONS) this.faqDecisions.inc({ decision }, 0);
    for (const scope of RATE_LIMIT_SCOPES) this.rateLimits.inc({ scope }, 0);
    this.tipRetries.inc(0);
    this.restRetries.inc(0);
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The Content-Type of render()'s text: Prometheus's text exposition format 0.0.4. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus's text format, as GET /metrics serves it. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Starts every outcome of these commands' slash commands at 0, so a dashboard and an alert on
   * the fault ratio see each series from the first scrape.
   */
  knowCommands(commands: readonly string[]): void {
    for (const command of commands) {
      for (const outcome of INTERACTION_OUTCOMES)
        this.interactions.inc({ command, type: 'command', outcome }, 0);
    }
  }

  interactionHandled(
    command: string,
    type: InteractionType,
    outcome: InteractionOutcome,
    seconds: number,
  ): void {
    this.interactions.inc({ command, type, outcome });
    this.duration.observe({ command, type }, seconds);
  }

  answerConfidence(outcome: 'answered' | 'not_confident', score: number): void {
    this.confidence.observe({ outcome }, score);
  }

  insightRecorded(outcome: InsightOutcome): void {
    this.insights.inc({ outcome });
  }

  faqSuggestion(result: FaqSuggestionResult): void {
    this.faqSuggestions.inc({ result });
  }

  faqDecision(decision: FaqDecision): void {
    this.faqDecisions.inc({ decision });
  }

  tipSlot(outcome: TipSlotOutcome): void {
    this.tipSlots.inc({ outcome });
  }

  tipSendRetry(): void {
    this.tipRetries.inc();
  }

  restRateLimited(scope: RateLimitScope): void {
    this.rateLimits.inc({ scope });
  }

  restResponse(status: number, retried: boolean): void {
    this.restResponses.inc({ code: String(status) });
    if (retried) this.restRetries.inc();
  }

  databaseError(store: StoreName, operation: string): void {
    this.dbErrors.inc({ store, operation });
  }
}
