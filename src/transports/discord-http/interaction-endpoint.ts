/**
 * Runs verified interactions from the HTTP endpoint through the Dispatcher (the one path for all
 * transports) and the gateway's InteractionResponder, whose deferral rules and payloads (through
 * payload.ts, the outgoing choke point) it shares: the only difference is that the first response
 * is the body of the HTTP response to Discord's request, not a REST callback. A slow handler gets a
 * deferral (type 5, or 6 for a button) in the HTTP response, then its answer through the
 * interaction's webhook at DISCORD_API_URL. It logs each interaction handled as the gateway path
 * does, and tracks the work in flight, follow-ups included, so shutdown can wait for it.
 */

import type { InteractionResponder, InteractionTarget } from '../../discord/interaction-responder.js';
import { RESTARTING } from '../../discord/interaction-router.js';
import { loggableError } from '../../discord/rest-errors.js';
import type { Dispatcher, Request } from '../../dispatch.js';
import type { Logger } from '../../logger.js';
import { DISCORD_LIMITS } from '../../replies/limits.js';
import type { HandlerResponse } from '../../replies/reply.js';
import type { Services } from '../../services.js';
import type { GuildNames } from './guild-names.js';
import { commandContext, type ParsedInteraction } from './interaction-input.js';

/** An interaction the endpoint answers: anything but a PING (answered by the server) or an unsupported kind. */
export type AnsweredInteraction = Extract<
  ParsedInteraction,
  { kind: 'command' | 'autocomplete' | 'component' | 'modal' }
>;

/** Sends the first response as the HTTP response body (status 200, JSON); resolves once it is written. */
export type Answer = (body: object) => Promise<void>;

/**
 * How long a button click or form waits for the server's name (see guild-names.ts) before it goes
 * on without: short, so that the answer still comes well inside Discord's 3 seconds.
 */
const GUILD_NAME_BUDGET_MS = 250;

export class InteractionEndpoint {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly services: Services,
    private readonly responder: InteractionResponder,
    private readonly guildNames: GuildNames,
    private readonly logger: Logger,
    /** Autocomplete cannot be deferred: past this, answer with no choices rather than fail. */
    private readonly autocompleteBudgetMs: number = DISCORD_LIMITS.deferAfterMs,
  ) {}

  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Handles one interaction. `admitted` is false for a request that arrived after shutdown began:
   * it gets the "restarting" notice (autocomplete: no choices), as on the gateway. Resolves when
   * everything for it is done, follow-ups included; never rejects (failures are logged).
   */
  handle(interaction: AnsweredInteraction, answer: Answer, admitted = true): Promise<void> {
    const { base } = interaction;
    const target = { id: base.id, token: base.token, answer };
    if (!admitted) {
      this.logger.info({ interactionId: base.id }, 'interaction refused: shutting down');
      const refusal =
        interaction.kind === 'autocomplete'
          ? this.responder.autocomplete(target, [])
          : this.responder.reply(target, RESTARTING);
      return refusal.then(
        () => undefined,
        (error: unknown) =>
          this.logger.warn(
            { err: loggableError(error, base.token), interactionId: base.id },
            'could not tell a user the bot is restarting',
          ),
      );
    }
    const work = this.route(interaction, answer)
      .catch((error: unknown) => {
        this.logger.error(
          { err: loggableError(error, base.token), interactionId: base.id, guildId: base.guildId },
          'failed to answer an interaction',
        );
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
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

  private async route(interaction: AnsweredInteraction, answer: Answer): Promise<void> {
    const started = performance.now();
    const { base } = interaction;
    if (interaction.kind === 'autocomplete') {
      const ctx = commandContext(base, this.services, null);
      const choices = await withinBudget(
        this.dispatcher.autocomplete(ctx, interaction.command, interaction.input),
        this.autocompleteBudgetMs,
        () => this.logger.warn({ interactionId: base.id }, 'autocomplete too slow; answered with no choices'),
      );
      await this.responder.autocomplete({ id: base.id, token: base.token, answer }, choices);
      // Every keystroke is an autocomplete: debug, or they would drown the commands in the log.
      this.logHandled(
        interaction,
        `/${interaction.command} autocomplete`,
        started,
        { choices: choices.length },
        'debug',
      );
      return;
    }

    // Only decisions on buttons and forms name the server (in the DM to an FAQ author).
    const guildName =
      interaction.kind !== 'command' && base.guildId !== null
        ? await this.guildNames.lookup(base.guildId, GUILD_NAME_BUDGET_MS)
        : null;
    const ctx = commandContext(base, this.services, guildName);
    const common = { id: base.id, token: base.token, applicationId: base.applicationId, answer };
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
    this.logHandled(interaction, name, started, {
      response: response?.kind,
      ephemeral: response?.kind !== 'modal' && response?.reply.ephemeral === true,
      deferred,
    });
  }

  private logHandled(
    interaction: AnsweredInteraction,
    name: string,
    started: number,
    extra: object,
    level: 'info' | 'debug' = 'info',
  ): void {
    this.logger[level](
      {
        interactionId: interaction.base.id,
        command: name,
        guildId: interaction.base.guildId,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        transport: 'http',
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
