/**
 * The transport-agnostic half of answering an interaction, shared by the gateway's
 * InteractionRouter and the HTTP InteractionEndpoint: run it through the Dispatcher (the one path
 * for all transports) and the InteractionResponder (deferral rules, payloads through payload.ts),
 * answer autocomplete within its budget, log each interaction handled (name, guild, latency),
 * keep a failure from ever escaping (logged with the interaction id, the token kept out), track
 * the work in flight so shutdown can wait for it, and tell a user who comes during shutdown that
 * the bot is restarting. Each transport only turns its own input into an IncomingInteraction.
 */
import type { AutocompleteInput, CommandContext, CommandInput } from '../../commands/types.js';
import type { Dispatcher, Request } from '../dispatch.js';
import type { Locale } from '../i18n/locales.js';
import { t } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { HandlerResponse, Reply } from '../replies/reply.js';
import type { InteractionResponder, InteractionTarget } from './interaction-responder.js';
import { loggableError } from './rest-errors.js';

/** What a user who comes during shutdown is told, in their language. */
export function restartingNotice(locale: Locale): Reply {
  return { content: t(locale, 'common.restarting'), ephemeral: true };
}

/** What identifies an interaction and lets the bot answer it, whatever transport brought it. */
export interface InteractionIds {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string | null;
  /** The language of the person who acted (the interaction's locale, supported, else English). */
  readonly locale: Locale;
}

/** An interaction the bot answers, as plain data. */
export type IncomingInteraction =
  | { readonly kind: 'command'; readonly command: string; readonly input: CommandInput }
  | { readonly kind: 'autocomplete'; readonly command: string; readonly input: AutocompleteInput }
  /** A button click; `messageId` is the message the button is on. */
  | { readonly kind: 'component'; readonly customId: string; readonly messageId: string | null }
  /** A form submitted; `messageId` is set when it was opened from a message's button. */
  | {
      readonly kind: 'modal';
      readonly customId: string;
      readonly fields: Record<string, string>;
      readonly messageId: string | null;
    };

/** An interaction read by its transport, with the handlers' context for it. */
export interface PreparedInteraction {
  readonly interaction: IncomingInteraction;
  readonly context: CommandContext;
}

/**
 * Sends the first response in place of the REST callback (the HTTP endpoint answers in the body of
 * its response to Discord's request): `json` is the interaction response object as UTF-8 JSON.
 * Resolves once it is written. Absent on the gateway.
 */
export type Answer = (json: Buffer) => Promise<void>;

/** How a refused interaction is told: no autocomplete choices, the restarting notice, or nothing. */
export type Refusal = 'no-choices' | 'notice' | 'nothing';

export class InteractionAnswerer {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly responder: InteractionResponder,
    private readonly logger: Logger,
    /** Autocomplete cannot be deferred: past this (milliseconds), answer with no choices rather than fail. */
    private readonly autocompleteBudgetMs: number,
    /** Added to every "interaction handled" line (the HTTP endpoint adds `transport: 'http'`). */
    private readonly logFields: object = {},
  ) {}

  /** Interactions taken and not finished yet, follow-ups included. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Answers one interaction. `prepare` reads it (and may look things up, inside the measured
   * latency); null means a kind the bot does not handle, and nothing is sent. Resolves when
   * everything for it is done; never rejects: a failure, in `prepare` too, is logged.
   */
  answer(
    ids: InteractionIds,
    prepare: () => PreparedInteraction | null | Promise<PreparedInteraction | null>,
    answer?: Answer,
  ): Promise<void> {
    const work = this.route(ids, prepare, answer)
      .catch((error: unknown) => {
        this.logger.error(
          { err: loggableError(error, ids.token), interactionId: ids.id, guildId: ids.guildId },
          'failed to answer an interaction',
        );
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
  }

  /**
   * Tells a user whose interaction came during shutdown that the bot is restarting (see Refusal).
   * Not tracked: drain() waits only for work taken before it began. Never rejects (logged).
   */
  async refuse(ids: InteractionIds, how: Refusal, answer?: Answer): Promise<void> {
    this.logger.info({ interactionId: ids.id }, 'interaction refused: shutting down');
    const target = { id: ids.id, token: ids.token, ...(answer && { answer }) };
    try {
      if (how === 'no-choices') await this.responder.autocomplete(target, []);
      else if (how === 'notice') await this.responder.reply(target, restartingNotice(ids.locale));
    } catch (error) {
      this.logger.warn(
        { err: loggableError(error, ids.token), interactionId: ids.id },
        'could not tell a user the bot is restarting',
      );
    }
  }

  /** Waits up to `timeoutMs` for the interactions in flight. True when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.allSettled([...this.inFlight]).then(() => true as const);
    const result = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    return result;
  }

  private async route(
    ids: InteractionIds,
    prepare: () => PreparedInteraction | null | Promise<PreparedInteraction | null>,
    answer: Answer | undefined,
  ): Promise<void> {
    const started = performance.now();
    const prepared = await prepare();
    if (!prepared) return;
    const { interaction, context: ctx } = prepared;
    if (interaction.kind === 'autocomplete') {
      const choices = await withinBudget(
        this.dispatcher.autocomplete(ctx, interaction.command, interaction.input),
        this.autocompleteBudgetMs,
        () => this.logger.warn({ interactionId: ids.id }, 'autocomplete too slow; answered with no choices'),
      );
      await this.responder.autocomplete({ id: ids.id, token: ids.token, ...(answer && { answer }) }, choices);
      // Every keystroke is an autocomplete: debug, or they would drown the commands in the log.
      this.logHandled(
        ids,
        `/${interaction.command} autocomplete`,
        started,
        { choices: choices.length },
        'debug',
      );
      return;
    }

    const common = {
      id: ids.id,
      token: ids.token,
      applicationId: ids.applicationId,
      locale: ctx.locale,
      ...(answer && { answer }),
    };
    let request: Request;
    let target: InteractionTarget;
    let name: string;
    if (interaction.kind === 'command') {
      request = { type: 'command', command: interaction.command, input: interaction.input };
      target = { ...common, kind: 'command', fromMessage: false };
      name = `/${interaction.command}`;
    } else if (interaction.kind === 'component') {
      request = { type: 'component', customId: interaction.customId, messageId: interaction.messageId };
      target = { ...common, kind: 'component', fromMessage: true };
      name = `button ${interaction.customId}`;
    } else {
      request = {
        type: 'modal',
        customId: interaction.customId,
        fields: interaction.fields,
        messageId: interaction.messageId,
      };
      target = { ...common, kind: 'modal', fromMessage: interaction.messageId !== null };
      name = `modal ${interaction.customId}`;
    }

    let response: HandlerResponse | undefined;
    const work = this.dispatcher.handle(ctx, request).then((r) => {
      response = r;
      return r;
    });
    const { deferred } = await this.responder.respond(target, work);
    this.logHandled(ids, name, started, {
      response: response?.kind,
      ephemeral: response?.kind !== 'modal' && response?.reply.ephemeral === true,
      deferred,
    });
  }

  private logHandled(
    ids: InteractionIds,
    name: string,
    started: number,
    extra: object,
    level: 'info' | 'debug' = 'info',
  ): void {
    this.logger[level](
      {
        interactionId: ids.id,
        command: name,
        guildId: ids.guildId,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        ...this.logFields,
        ...extra,
      },
      'interaction handled',
    );
  }
}

/** The choices, or none when they take longer than `budgetMs`. */
function withinBudget<T>(work: Promise<T[]>, budgetMs: number, onLate: () => void): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onLate();
      resolve([]);
    }, budgetMs);
    work.then(
      (choices) => {
        clearTimeout(timer);
        resolve(choices);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
