/**
 * Routes every discord.js interaction through the Dispatcher (the one path for all transports):
 * slash commands, autocomplete, button clicks and modal submits. It logs each one handled (name,
 * guild, latency), keeps a failure to send from ever escaping (logged with the interaction id),
 * and tracks in-flight work so shutdown can stop taking interactions and wait for the rest.
 * While it stops, a new interaction gets a short ephemeral notice (autocomplete: no choices)
 * instead of Discord's bare "interaction failed".
 */
import type { Interaction } from 'discord.js';
import type { Dispatcher, Request } from '../dispatch.js';
import type { Logger } from '../logger.js';
import { DISCORD_LIMITS } from '../replies/limits.js';
import type { HandlerResponse, Reply } from '../replies/reply.js';
import type { Services } from '../services.js';
import { autocompleteInput, commandContext, commandInput, modalFields } from './interaction-input.js';
import type { InteractionResponder, InteractionTarget } from './interaction-responder.js';
import { loggableError } from './rest-errors.js';

export const RESTARTING: Reply = {
  content: 'The bot is restarting. Please try again in a minute.',
  ephemeral: true,
};

export class InteractionRouter {
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly services: Services,
    private readonly responder: InteractionResponder,
    private readonly logger: Logger,
    /** Autocomplete cannot be deferred: past this, answer with no choices rather than fail. */
    private readonly autocompleteBudgetMs: number = DISCORD_LIMITS.deferAfterMs,
  ) {}

  get pending(): number {
    return this.inFlight.size;
  }

  /** Entry point for the client's interactionCreate event. Never throws, never rejects. */
  handle(interaction: Interaction): void {
    if (!this.accepting) {
      // Not tracked: drain() waits only for work taken before it began. The gateway is still up
      // while in-flight work drains, so interactions keep arriving until the client is destroyed.
      this.logger.info({ interactionId: interaction.id }, 'interaction refused: shutting down');
      this.refuse(interaction).catch((error: unknown) =>
        this.logger.warn(
          { err: loggableError(error, interaction.token), interactionId: interaction.id },
          'could not tell a user the bot is restarting',
        ),
      );
      return;
    }
    const work = this.route(interaction)
      .catch((error: unknown) => {
        this.logger.error(
          {
            err: loggableError(error, interaction.token),
            interactionId: interaction.id,
            guildId: interaction.guildId,
          },
          'failed to answer an interaction',
        );
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Stops taking interactions and waits up to `timeoutMs` for those in flight. True when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.accepting = false;
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

  private async refuse(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      await this.responder.autocomplete(interaction, []);
      return;
    }
    if (interaction.isRepliable()) await this.responder.reply(interaction, RESTARTING);
  }

  private async route(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const ctx = commandContext(interaction, this.services);
    if (interaction.isAutocomplete()) {
      const choices = await withinBudget(
        this.dispatcher.autocomplete(ctx, interaction.commandName, autocompleteInput(interaction)),
        this.autocompleteBudgetMs,
        () =>
          this.logger.warn(
            { interactionId: interaction.id },
            'autocomplete too slow; answered with no choices',
          ),
      );
      await this.responder.autocomplete(interaction, choices);
      // Every keystroke is an autocomplete: debug, or they would drown the commands in the log.
      this.logHandled(
        interaction,
        `/${interaction.commandName} autocomplete`,
        started,
        { choices: choices.length },
        'debug',
      );
      return;
    }

    let request: Request;
    let target: InteractionTarget;
    let name: string;
    const base = { id: interaction.id, token: interaction.token, applicationId: interaction.applicationId };
    if (interaction.isChatInputCommand()) {
      request = { type: 'command', command: interaction.commandName, input: commandInput(interaction) };
      target = { ...base, kind: 'command', fromMessage: false };
      name = `/${interaction.commandName}`;
    } else if (interaction.isButton()) {
      request = { type: 'component', customId: interaction.customId, messageId: interaction.message.id };
      target = { ...base, kind: 'component', fromMessage: true };
      name = `button ${interaction.customId}`;
    } else if (interaction.isModalSubmit()) {
      request = {
        type: 'modal',
        customId: interaction.customId,
        fields: modalFields(interaction),
        messageId: interaction.isFromMessage() ? interaction.message.id : null,
      };
      target = { ...base, kind: 'modal', fromMessage: interaction.isFromMessage() };
      name = `modal ${interaction.customId}`;
    } else {
      this.logger.debug(
        { interactionId: interaction.id, type: interaction.type },
        'interaction type not handled',
      );
      return;
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
    interaction: Interaction,
    name: string,
    started: number,
    extra: object,
    level: 'info' | 'debug' = 'info',
  ): void {
    this.logger[level](
      {
        interactionId: interaction.id,
        command: name,
        guildId: interaction.guildId,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
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
