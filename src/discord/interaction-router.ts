/**
 * Routes every discord.js interaction (slash commands, autocomplete, button clicks and modal
 * submits) through the InteractionAnswerer (interaction-answerer.ts, shared with the HTTP
 * endpoint), which runs the Dispatcher, logs, keeps failures from escaping and tracks in-flight
 * work. This file only reads discord.js objects into plain data and decides when to stop: while
 * shutdown drains, a new interaction gets a short ephemeral notice (autocomplete: no choices)
 * instead of Discord's bare "interaction failed".
 */
import type { Interaction } from 'discord.js';
import type { Dispatcher } from '../dispatch.js';
import { DEFAULT_LOCALE, supportedLocale } from '../i18n/locales.js';
import type { Logger } from '../logger.js';
import { DISCORD_LIMITS } from '../replies/limits.js';
import type { Services } from '../services.js';
import {
  type IncomingInteraction,
  InteractionAnswerer,
  type InteractionIds,
  type PreparedInteraction,
} from './interaction-answerer.js';
import { autocompleteInput, commandContext, commandInput, modalFields } from './interaction-input.js';
import type { InteractionResponder } from './interaction-responder.js';

export { restartingNotice } from './interaction-answerer.js';

export class InteractionRouter {
  private accepting = true;
  private readonly answerer: InteractionAnswerer;

  constructor(
    dispatcher: Dispatcher,
    private readonly services: Services,
    responder: InteractionResponder,
    private readonly logger: Logger,
    /** Autocomplete cannot be deferred: past this, answer with no choices rather than fail. */
    autocompleteBudgetMs: number = DISCORD_LIMITS.deferAfterMs,
  ) {
    this.answerer = new InteractionAnswerer(dispatcher, responder, logger, autocompleteBudgetMs);
  }

  get pending(): number {
    return this.answerer.pending;
  }

  /** Entry point for the client's interactionCreate event. Never throws, never rejects. */
  handle(interaction: Interaction): void {
    const ids: InteractionIds = {
      id: interaction.id,
      token: interaction.token,
      applicationId: interaction.applicationId,
      guildId: interaction.guildId,
      locale: supportedLocale(interaction.locale) ?? DEFAULT_LOCALE,
    };
    if (!this.accepting) {
      // The gateway is still up while in-flight work drains, so interactions keep arriving until
      // the client is destroyed.
      const how = interaction.isAutocomplete()
        ? 'no-choices'
        : interaction.isRepliable()
          ? 'notice'
          : 'nothing';
      void this.answerer.refuse(ids, how);
      return;
    }
    void this.answerer.answer(ids, () => this.prepare(interaction));
  }

  /** Stops taking interactions and waits up to `timeoutMs` for those in flight. True when all finished. */
  drain(timeoutMs: number): Promise<boolean> {
    this.accepting = false;
    return this.answerer.drain(timeoutMs);
  }

  /** The interaction as plain data with its context; null (logged) for a kind the bot does not handle. */
  private prepare(interaction: Interaction): PreparedInteraction | null {
    const context = commandContext(interaction, this.services);
    const incoming = readInteraction(interaction);
    if (!incoming) {
      this.logger.debug(
        { interactionId: interaction.id, type: interaction.type },
        'interaction type not handled',
      );
      return null;
    }
    return { interaction: incoming, context };
  }
}

function readInteraction(interaction: Interaction): IncomingInteraction | null {
  if (interaction.isAutocomplete()) {
    return { kind: 'autocomplete', command: interaction.commandName, input: autocompleteInput(interaction) };
  }
  if (interaction.isChatInputCommand()) {
    return { kind: 'command', command: interaction.commandName, input: commandInput(interaction) };
  }
  if (interaction.isButton()) {
    return { kind: 'component', customId: interaction.customId, messageId: interaction.message.id };
  }
  if (interaction.isModalSubmit()) {
    return {
      kind: 'modal',
      customId: interaction.customId,
      fields: modalFields(interaction),
      messageId: interaction.isFromMessage() ? interaction.message.id : null,
    };
  }
  return null;
}
