/**
 * Watches one interaction through the dispatcher and records it: its command, its outcome and how
 * long the handler took (src/ops/metrics.ts). The outcome is derived here and nowhere else, from
 * what the handlers already produce, without their knowing: the handler gets a context whose
 * search index and cooldowns report back to this trace, so the search result's reason (for `/ask`
 * and `/connected aspect`) and a cooldown that said "wait" are seen as they happen; a thrown
 * UserError or fault is seen by the dispatcher's catch.
 */
import type { CommandContext } from '../../commands/types.js';
import type { Cooldowns } from '../cooldowns/cooldowns.js';
import type { Request } from '../dispatch.js';
import { parseCustomId } from '../replies/custom-id.js';
import type { HandlerResponse } from '../replies/reply.js';
import { UserError } from '../replies/user-error.js';
import type { QuestionIndex, SearchResult } from '../search/types.js';
import { type InteractionOutcome, type InteractionType, UNKNOWN_COMMAND } from './metrics.js';

/**
 * Slash commands that exist to answer a question, so they always search it: one that replies
 * without searching turned the question away before reading it (empty, too long), a user error.
 */
const QUESTION_COMMANDS: ReadonlySet<string> = new Set(['ask']);

/** The search reasons (src/search/types.ts NoAnswerReason) as outcomes. */
const NO_ANSWER_OUTCOMES = {
  'off-topic': 'refused_off_topic',
  'not-confident': 'not_confident',
  language: 'refused_language',
} as const satisfies Record<NonNullable<SearchResult['reason']>, InteractionOutcome>;

export class RequestTrace {
  /** The context to give the handler: the caller's, with a search index and cooldowns that report here. */
  readonly context: CommandContext;
  private readonly started = performance.now();
  private readonly command: string;
  private readonly type: InteractionType;
  private search: SearchResult | null = null;
  private toldToWait = false;
  private recorded = false;

  /**
   * @param served whether a command name is one the dispatcher serves: others are labelled
   *   UNKNOWN_COMMAND, so a made-up custom id cannot add a label value
   */
  constructor(
    ctx: CommandContext,
    private readonly request: Request,
    served: (command: string) => boolean,
  ) {
    const name = request.type === 'command' ? request.command : parseCustomId(request.customId).command;
    this.command = served(name) ? name : UNKNOWN_COMMAND;
    this.type = request.type;
    this.context = {
      ...ctx,
      services: {
        ...ctx.services,
        search: this.watchSearch(ctx.services.search),
        cooldowns: this.watchCooldowns(ctx.services.cooldowns),
      },
    };
  }

  /** The handler replied: records the outcome its reply and what it did along the way show. */
  replied(response: HandlerResponse): void {
    this.record(this.outcomeOf(response));
  }

  /** The handler (or routing) threw: a UserError is the member's problem, anything else a fault. */
  failed(error: unknown): void {
    this.record(this.toldToWait ? 'cooldown' : error instanceof UserError ? 'user_error' : 'fault');
  }

  private outcomeOf(response: HandlerResponse): InteractionOutcome {
    const search = this.search;
    if (search) {
      // A confident match shown only to the asker is not an answer (the entry vanished meanwhile).
      const shownPrivately = response.kind === 'message' && response.reply.ephemeral === true;
      if (search.answer && !shownPrivately) return 'answered';
      return search.reason ? NO_ANSWER_OUTCOMES[search.reason] : 'not_confident';
    }
    if (this.toldToWait) return 'cooldown';
    if (this.request.type === 'command' && QUESTION_COMMANDS.has(this.command)) return 'user_error';
    return 'answered';
  }

  /** Once per interaction, the first word wins (a reply, then a failure after it, is the reply). */
  private record(outcome: InteractionOutcome): void {
    if (this.recorded) return;
    this.recorded = true;
    const { metrics } = this.context.services;
    metrics.interactionHandled(this.command, this.type, outcome, (performance.now() - this.started) / 1_000);
    const search = this.search;
    if (search && this.request.type === 'command' && QUESTION_COMMANDS.has(this.command)) {
      if (outcome === 'answered' && search.answer) metrics.answerConfidence('answered', search.answer.score);
      const offer = search.alternatives[0];
      if (outcome === 'not_confident' && offer) metrics.answerConfidence('not_confident', offer.score);
    }
  }

  private watchSearch(index: QuestionIndex): QuestionIndex {
    return {
      search: (question, options) => {
        const result = index.search(question, options);
        this.search = result;
        return result;
      },
      completeTopics: (partial, limit, locale) => index.completeTopics(partial, limit, locale),
      completeFaq: (guildId, partial, limit) => index.completeFaq(guildId, partial, limit),
      upsertFaq: (doc) => index.upsertFaq(doc),
      removeFaq: (guildId, id) => index.removeFaq(guildId, id),
    };
  }

  /**
   * Cooldowns whose answers are seen here. Built on the real object (its prototype), so it is a
   * Cooldowns for the type checker, and each call runs on the real object with its own state.
   */
  private watchCooldowns(cooldowns: Cooldowns): Cooldowns {
    const saw = (waitMs: number) => {
      if (waitMs > 0) this.toldToWait = true;
      return waitMs;
    };
    return Object.create(cooldowns, {
      take: { value: async (key: string, ms: number) => saw(await cooldowns.take(key, ms)) },
      remaining: { value: async (key: string) => saw(await cooldowns.remaining(key)) },
    }) as Cooldowns;
  }
}
