/**
 * The one path every request takes, whatever the transport: find the command module by
 * name (or by the first part of a custom id), run its handler, and turn failures into
 * ephemeral replies. Errors a user caused (UserError) show their message; anything else is
 * logged with a short reference the user can quote, and the bot carries on. Before each request
 * the community FAQ view catches up with other processes' changes when a look is due, so every
 * handler (and the search index it asks) sees them within FAQ_SYNC_INTERVAL_MS.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  AutocompleteInput,
  Choice,
  CommandContext,
  CommandInput,
  CommandModule,
  ModalInput,
} from '../commands/types.js';
import type { Locale } from './i18n/locales.js';
import { t } from './i18n/messages.js';
import { RequestTrace } from './ops/request-trace.js';
import { parseCustomId } from './replies/custom-id.js';
import { truncate } from './replies/fit.js';
import { DISCORD_LIMITS } from './replies/limits.js';
import { ephemeral, type HandlerResponse, message, type Reply } from './replies/reply.js';
import { cutText } from './replies/text-length.js';
import { UserError } from './replies/user-error.js';

export type Request =
  | { readonly type: 'command'; readonly command: string; readonly input: CommandInput }
  | { readonly type: 'component'; readonly customId: string; readonly messageId: string | null }
  | {
      readonly type: 'modal';
      readonly customId: string;
      readonly fields: ModalInput['fields'];
      readonly messageId: string | null;
    };

/** A short, quotable reference for a fault, e.g. "E-7K2Q9D". */
export function newErrorReference(): string {
  return `E-${randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(6, '0').slice(-6)}`;
}

/** What a user is told about a fault of ours, in their language, with the reference to quote. */
export function faultMessage(locale: Locale, reference: string): string {
  return t(locale, 'common.fault', { reference });
}

export class Dispatcher {
  private readonly byName: ReadonlyMap<string, CommandModule>;

  constructor(readonly commands: readonly CommandModule[]) {
    this.byName = new Map(commands.map((c) => [c.definition.name, c]));
  }

  command(name: string): CommandModule | undefined {
    return this.byName.get(name);
  }

  /** Runs a slash command, button or modal handler, and records its outcome (src/ops). Never throws. */
  async handle(ctx: CommandContext, request: Request): Promise<HandlerResponse> {
    const trace = new RequestTrace(ctx, request, (name) => this.byName.has(name));
    try {
      await ctx.services.faq.catchUp();
      const response = await this.route(trace.context, request);
      trace.replied(response);
      return await quietRepeat(ctx, response);
    } catch (error) {
      trace.failed(error);
      if (error instanceof UserError) return ephemeral(error.text(ctx.locale));
      const reference = newErrorReference();
      ctx.services.logger.error(
        {
          err: error,
          reference,
          interactionId: ctx.interactionId,
          request: describe(request),
          guildId: ctx.guildId,
        },
        'handler failed',
      );
      return ephemeral(faultMessage(ctx.locale, reference));
    }
  }

  /**
   * Autocomplete choices, clamped to Discord's limits. A failing handler yields no choices
   * (autocomplete cannot show an error), and is logged.
   */
  async autocomplete(ctx: CommandContext, command: string, input: AutocompleteInput): Promise<Choice[]> {
    const module = this.byName.get(command);
    if (!module?.autocomplete) return [];
    try {
      await ctx.services.faq.catchUp();
      const choices = await module.autocomplete(ctx, input);
      return choices.slice(0, DISCORD_LIMITS.autocompleteChoices).map((choice) => ({
        name:
          truncate(choice.name, DISCORD_LIMITS.choiceName) ||
          cutText(choice.value, DISCORD_LIMITS.choiceName),
        value: cutText(choice.value, DISCORD_LIMITS.choiceValue),
      }));
    } catch (error) {
      ctx.services.logger.error(
        { err: error, interactionId: ctx.interactionId, command },
        'autocomplete failed',
      );
      return [];
    }
  }

  private async route(ctx: CommandContext, request: Request): Promise<HandlerResponse> {
    if (request.type === 'command') {
      const module = this.byName.get(request.command);
      if (!module) throw new UserError('common.unknownCommand', { command: request.command });
      return module.run(ctx, request.input);
    }
    const { command, action, args, locale } = parseCustomId(request.customId);
    const module = this.byName.get(command);
    if (request.type === 'component') {
      if (!module?.component) throw new UserError('common.buttonGone');
      return module.component(ctx, { action, args, messageId: request.messageId, locale });
    }
    if (!module?.modal) throw new UserError('common.formGone');
    return module.modal(ctx, { action, args, fields: request.fields, messageId: request.messageId, locale });
  }
}

/**
 * The same public answer posted again in the same channel within REPEAT_ANSWER_SECONDS is
 * shown only to the person who asked: they still get it, and nobody can flood a channel by
 * clicking the same button or repeating a command. It pings nobody the second time either.
 * Keyed by channel: a channel's requests all reach one gateway process, and serve instances keep
 * cooldowns in their shared database (src/app.ts), so it holds whichever process answers.
 */
async function quietRepeat(ctx: CommandContext, response: HandlerResponse): Promise<HandlerResponse> {
  if (response.kind !== 'message' || response.reply.ephemeral || ctx.channelId === null) return response;
  const windowMs = ctx.services.config.REPEAT_ANSWER_SECONDS * 1_000;
  if (windowMs === 0) return response;
  const signature = answerSignature(response.reply);
  if (signature === '') return response;
  if ((await ctx.services.cooldowns.take(`repeat:${ctx.channelId}:${signature}`, windowMs)) === 0) {
    return response;
  }
  const { mentionUserId: _dropped, ...reply } = response.reply;
  const note = t(ctx.locale, 'common.repeatNote');
  const content = reply.content ? `${note}\n\n${reply.content}` : note;
  return message({ ...reply, content: truncate(content, DISCORD_LIMITS.messageContent), ephemeral: true });
}

/**
 * What makes two answers "the same": everything a reader sees (text, every embed's title,
 * description, fields and footer), hashed. Another section of the same topic, or an FAQ entry
 * edited since, is a different answer and is posted normally. '' for a reply with nothing visible.
 */
function answerSignature(reply: Reply): string {
  const visible = [
    reply.content ?? '',
    ...(reply.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer ?? '',
    ]),
  ];
  if (visible.every((part) => part === '')) return '';
  return createHash('sha256').update(visible.join('\u0000')).digest('base64url');
}

function describe(request: Request): string {
  return request.type === 'command' ? `/${request.command}` : `${request.type} ${request.customId}`;
}
