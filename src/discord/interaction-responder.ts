/**
 * Turns a handler's response into Discord interaction callbacks, deferring when the handler is
 * slow. Calls the REST API directly (discord.js's REST client, with its 429 and 5xx rules) with
 * payloads from payload.ts, so every outgoing message passes the same choke point.
 *
 * Deferral rule: when the handler has not answered within DISCORD_LIMITS.deferAfterMs,
 * - a slash command (or a modal not opened from a message) gets a public "thinking" reply,
 *   because answers are public. If the result turns out ephemeral (an error or refusal), the
 *   public placeholder is deleted and the result is sent as an ephemeral follow-up, so nobody
 *   else sees it; otherwise the placeholder is edited into the answer.
 * - a button click (or a modal opened from a message) gets a silent deferred update: an
 *   `update` result then edits the message the button is on, a `message` result becomes a
 *   follow-up (ephemeral when the reply is).
 * - a modal cannot be opened after a deferral; the user is told to try again, ephemerally (as above).
 */
import type { REST } from 'discord.js';
import {
  type APICommandAutocompleteInteractionResponseCallbackData,
  InteractionResponseType,
  Routes,
} from 'discord-api-types/v10';
import type { Locale } from '../i18n/locales.js';
import { t } from '../i18n/messages.js';
import { DISCORD_LIMITS } from '../replies/limits.js';
import type { HandlerResponse, Reply } from '../replies/reply.js';
import { interactionResponseJson, messagePayload, modalPayload } from './payload.js';

/** The header a pre-serialised JSON body needs (discord.js adds it only when it serialises). */
const JSON_CONTENT = { 'Content-Type': 'application/json' } as const;

export interface InteractionTarget {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly kind: 'command' | 'component' | 'modal';
  /** A button click, or a modal submitted from a message's button: the response may edit that message. */
  readonly fromMessage: boolean;
  /**
   * Sends the first response instead of the REST callback route: the HTTP interactions endpoint
   * answers in the body of its response to Discord's request (`json`: the interaction response
   * object as UTF-8 JSON). Absent on the gateway.
   */
  readonly answer?: (json: Buffer) => Promise<void>;
  /** The language of the person who acted, for the responder's own notices. */
  readonly locale: Locale;
}

export interface ResponseOutcome {
  readonly deferred: boolean;
}

/** A notice of the responder's own, in the language of the person who acted. */
const notice = (
  target: InteractionTarget,
  key: 'common.modalTooLate' | 'common.noModalFromModal',
): Reply => ({
  content: t(target.locale, key),
  ephemeral: true,
});

type Settled = { readonly done: true; readonly response: HandlerResponse } | { readonly done: false };

export class InteractionResponder {
  constructor(
    private readonly rest: REST,
    private readonly deferAfterMs: number = DISCORD_LIMITS.deferAfterMs,
  ) {}

  async respond(target: InteractionTarget, work: Promise<HandlerResponse>): Promise<ResponseOutcome> {
    const first = await this.settleWithin(work);
    if (first.done) {
      await this.sendFirst(target, first.response);
      return { deferred: false };
    }
    const deferral = target.fromMessage
      ? InteractionResponseType.DeferredMessageUpdate
      : InteractionResponseType.DeferredChannelMessageWithSource;
    await this.callback(target, deferral);
    await this.sendAfterDeferral(target, deferral, await work);
    return { deferred: true };
  }

  async autocomplete(
    target: Pick<InteractionTarget, 'id' | 'token' | 'answer'>,
    choices: APICommandAutocompleteInteractionResponseCallbackData['choices'],
  ): Promise<void> {
    await this.callback(target, InteractionResponseType.ApplicationCommandAutocompleteResult, { choices });
  }

  private settleWithin(work: Promise<HandlerResponse>): Promise<Settled> {
    return new Promise<Settled>((resolve, reject) => {
      const timer = setTimeout(() => resolve({ done: false }), this.deferAfterMs);
      work.then(
        (response) => {
          clearTimeout(timer);
          resolve({ done: true, response });
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private async sendFirst(target: InteractionTarget, response: HandlerResponse): Promise<void> {
    if (response.kind === 'modal') {
      if (target.kind === 'modal') {
        await this.reply(target, notice(target, 'common.noModalFromModal'));
        return;
      }
      await this.callback(target, InteractionResponseType.Modal, modalPayload(response.modal));
      return;
    }
    if (response.kind === 'update' && target.fromMessage) {
      await this.callback(
        target,
        InteractionResponseType.UpdateMessage,
        messagePayload(response.reply, 'edit'),
      );
      return;
    }
    await this.reply(target, response.reply);
  }

  private async sendAfterDeferral(
    target: InteractionTarget,
    deferral: InteractionResponseType,
    response: HandlerResponse,
  ): Promise<void> {
    // A modal cannot follow a deferral; the notice is ephemeral, so it takes the same path as
    // any ephemeral result (after a public "thinking" deferral, a plain follow-up would become
    // the public placeholder's content).
    const reply = response.kind === 'modal' ? notice(target, 'common.modalTooLate') : response.reply;
    if (deferral === InteractionResponseType.DeferredMessageUpdate) {
      if (response.kind === 'update') await this.editOriginal(target, reply);
      else await this.followUp(target, reply);
      return;
    }
    if (reply.ephemeral) {
      await this.rest.delete(Routes.webhookMessage(target.applicationId, target.token, '@original'), {
        auth: false,
      });
      await this.followUp(target, reply);
      return;
    }
    await this.editOriginal(target, reply);
  }

  /** Answers with `reply` as the first response (also used alone, with no handler behind it). */
  reply(target: Pick<InteractionTarget, 'id' | 'token' | 'answer'>, reply: Reply): Promise<unknown> {
    return this.callback(
      target,
      InteractionResponseType.ChannelMessageWithSource,
      messagePayload(reply, 'create'),
    );
  }

  private editOriginal(target: InteractionTarget, reply: Reply): Promise<unknown> {
    return this.rest.patch(Routes.webhookMessage(target.applicationId, target.token, '@original'), {
      body: messagePayload(reply, 'edit'),
      auth: false,
    });
  }

  private followUp(target: InteractionTarget, reply: Reply): Promise<unknown> {
    return this.rest.post(Routes.webhook(target.applicationId, target.token), {
      body: messagePayload(reply, 'create'),
      auth: false,
    });
  }

  /**
   * Sends the first response: Discord's interaction response object, as JSON bytes built once per
   * payload (interactionResponseJson), in the HTTP endpoint's response body or on the callback route.
   */
  private callback(
    target: Pick<InteractionTarget, 'id' | 'token' | 'answer'>,
    type: InteractionResponseType,
    data?: object,
  ): Promise<unknown> {
    const json = interactionResponseJson(type, data);
    if (target.answer) return target.answer(json);
    return this.rest.post(Routes.interactionCallback(target.id, target.token), {
      body: json,
      passThroughBody: true,
      headers: JSON_CONTENT,
      auth: false,
    });
  }
}
