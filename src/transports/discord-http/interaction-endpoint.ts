/**
 * Runs verified interactions from the HTTP endpoint through the Dispatcher (the one path for all
 * transports) and the gateway's InteractionResponder, whose deferral rules and payloads (through
 * payload.ts, the outgoing choke point) it shares: the only difference is that the first response
 * is the body of the HTTP response to Discord's request, not a REST callback. A slow handler gets a
 * deferral (type 5, or 6 for a button) in the HTTP response, then its answer through the
 * interaction's webhook at DISCORD_API_URL. Logging, tracking the work in flight (follow-ups
 * included) and the shutdown notice are the gateway's too (src/discord/interaction-answerer.ts):
 * this file only adds the server's name from REST.
 */

import {
  type Answer,
  InteractionAnswerer,
  type InteractionIds,
  type PreparedInteraction,
} from '../../discord/interaction-answerer.js';
import type { InteractionResponder } from '../../discord/interaction-responder.js';
import type { Dispatcher } from '../../dispatch.js';
import type { Logger } from '../../logger.js';
import { DISCORD_LIMITS } from '../../replies/limits.js';
import type { Services } from '../../services.js';
import type { GuildNames } from './guild-names.js';
import { commandContext, type ParsedInteraction } from './interaction-input.js';

/** An interaction the endpoint answers: anything but a PING (answered by the server) or an unsupported kind. */
export type AnsweredInteraction = Extract<
  ParsedInteraction,
  { kind: 'command' | 'autocomplete' | 'component' | 'modal' }
>;

/**
 * How long a button click or form waits for the server's name (see guild-names.ts) before it goes
 * on without: short, so that the answer still comes well inside Discord's 3 seconds.
 */
const GUILD_NAME_BUDGET_MS = 250;

export class InteractionEndpoint {
  private readonly answerer: InteractionAnswerer;

  constructor(
    dispatcher: Dispatcher,
    private readonly services: Services,
    responder: InteractionResponder,
    private readonly guildNames: GuildNames,
    logger: Logger,
    /** Autocomplete cannot be deferred: past this, answer with no choices rather than fail. */
    autocompleteBudgetMs: number = DISCORD_LIMITS.deferAfterMs,
  ) {
    this.answerer = new InteractionAnswerer(dispatcher, responder, logger, autocompleteBudgetMs, {
      transport: 'http',
    });
  }

  get pending(): number {
    return this.answerer.pending;
  }

  /**
   * Handles one interaction. `admitted` is false for a request that arrived after shutdown began:
   * it gets the "restarting" notice (autocomplete: no choices), as on the gateway. Resolves when
   * everything for it is done, follow-ups included; never rejects (failures are logged).
   */
  handle(interaction: AnsweredInteraction, answer: Answer, admitted = true): Promise<void> {
    const { base } = interaction;
    const ids: InteractionIds = {
      id: base.id,
      token: base.token,
      applicationId: base.applicationId,
      guildId: base.guildId,
      locale: base.locale,
    };
    if (!admitted) {
      return this.answerer.refuse(ids, interaction.kind === 'autocomplete' ? 'no-choices' : 'notice', answer);
    }
    return this.answerer.answer(ids, () => this.prepare(interaction), answer);
  }

  /** Waits up to `timeoutMs` for the interactions in flight. True when all finished. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.answerer.drain(timeoutMs);
  }

  /** The handlers' context: only decisions on buttons and forms name the server (in the DM to an FAQ author). */
  private async prepare(interaction: AnsweredInteraction): Promise<PreparedInteraction> {
    const { base } = interaction;
    const guildName =
      interaction.kind !== 'command' && interaction.kind !== 'autocomplete' && base.guildId !== null
        ? await this.guildNames.lookup(base.guildId, GUILD_NAME_BUDGET_MS)
        : null;
    return { interaction, context: commandContext(base, this.services, guildName) };
  }
}
