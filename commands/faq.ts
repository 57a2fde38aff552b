/**
 * /faq: the moderated community FAQ of a server. Members suggest entries through a modal and
 * post or list approved ones; moderators review, edit, remove and configure. Moderator rights
 * are checked at run time on every action (src/permissions.ts), buttons and modals
 * included, so the command itself stays visible to every member. Every change goes through
 * the FAQ service (src/faq/faq-service.ts), which keeps the store, the search index, the review
 * card and the author's notice in step; this module parses input and shapes the replies.
 */
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
} from 'discord-api-types/v10';
import {
  alreadyHandledMessage,
  editModal,
  entryReply,
  FAQ_COMMAND,
  FIELD_IDS,
  LIST_PAGE_SIZE,
  listPage,
  NO_SOURCE_WORD,
  rejectModal,
  resolvedCard,
  reviewCard,
  reviewEditModal,
  suggestModal,
} from '../src/faq/faq-replies.js';
import type { FaqChange, FaqEntry } from '../src/faq/faq-store.js';
import { neutraliseMentions } from '../src/faq/sanitise.js';
import { FAQ_LIMITS, parseFaqContent, parseReason } from '../src/faq/validation.js';
import { requireFaqAdmin, requireFaqGuild, requireFaqModerator } from '../src/permissions.js';
import { truncate } from '../src/replies/fit.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { ephemeral, type HandlerResponse, message, openModal, update } from '../src/replies/reply.js';
import { UserError } from '../src/replies/user-error.js';
import type {
  Choice,
  CommandContext,
  CommandInput,
  CommandModule,
  ComponentInput,
  ModalInput,
} from './types.js';

const entryOption = (description: string) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: 'entry',
    description,
    required: true,
    autocomplete: true,
    max_length: DISCORD_LIMITS.choiceValue,
  }) as const;

const definition = {
  name: FAQ_COMMAND,
  description: "This server's community FAQ: show, suggest and (for moderators) review entries",
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      description: 'Post an approved FAQ entry in this channel',
      options: [
        entryOption('The entry to post (start typing its question)'),
        {
          type: ApplicationCommandOptionType.User,
          name: 'mention',
          description: 'A member to address; only they are pinged',
          required: false,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'suggest',
      description: 'Suggest a question and answer; moderators review it',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: "List this server's approved FAQ entries",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'review',
      description: 'Moderators: review the oldest pending suggestion',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'edit',
      description: 'Moderators: change an approved entry',
      options: [entryOption('The entry to edit')],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Moderators: take an approved entry out of the FAQ (it stays in the history)',
      options: [
        entryOption('The entry to remove'),
        {
          type: ApplicationCommandOptionType.String,
          name: 'reason',
          description: 'Why it is removed (kept in the audit history)',
          required: false,
          max_length: FAQ_LIMITS.reasonMax,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'config',
      description: 'Moderators: FAQ settings for this server',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'review-channel',
          description: 'Where new suggestions are announced for moderators',
          options: [
            {
              type: ApplicationCommandOptionType.Channel,
              name: 'channel',
              description: 'A text channel the moderators read',
              required: true,
              channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
            },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'moderator-role',
          description: 'A role whose members may review FAQ suggestions',
          options: [
            {
              type: ApplicationCommandOptionType.Role,
              name: 'role',
              description: 'The FAQ moderator role',
              required: true,
            },
          ],
        },
      ],
    },
  ],
} satisfies CommandModule['definition'];

function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** An entry option holds an id when picked from autocomplete, or whatever the member typed. */
function resolveEntry(ctx: CommandContext, guildId: string, raw: string | undefined): FaqEntry {
  const typed = (raw ?? '').trim().replace(/^#/, '');
  const { faq, search } = ctx.services;
  let entry = /^\d+$/.test(typed) ? faq.getApproved(guildId, typed) : undefined;
  if (!entry && typed !== '') {
    const best = search.completeFaq(guildId, typed, 1)[0];
    entry = best && faq.getApproved(guildId, best.id);
  }
  if (!entry) {
    throw new UserError(
      `No approved FAQ entry in this server matches "${neutraliseMentions(truncate(typed, 80))}". See \`/faq list\`.`,
    );
  }
  return entry;
}

function entryId(args: readonly string[]): number {
  const id = Number(args[0]);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new UserError('That button no longer works. Run the command again.');
  return id;
}

function cooldownKey(guildId: string, userId: string): string {
  return `faq-suggest:${guildId}:${userId}`;
}

/** Refuses early, before the member types anything, when a suggestion could not be accepted. */
async function checkMaySuggest(ctx: CommandContext, guildId: string): Promise<void> {
  const { faq, cooldowns } = ctx.services;
  if ((await faq.pendingCountOf(guildId, ctx.user.id)) >= FAQ_LIMITS.maxPendingPerMember)
    throw tooManyPendingError();
  // Only read here: the cooldown starts when a suggestion is stored.
  const waitMs = await cooldowns.remaining(cooldownKey(guildId, ctx.user.id));
  if (waitMs > 0) throw cooldownError(waitMs);
}

function tooManyPendingError(): UserError {
  return new UserError(
    `You already have ${FAQ_LIMITS.maxPendingPerMember} suggestions waiting for review here. Please wait until a moderator has looked at them.`,
  );
}

function cooldownError(waitMs: number): UserError {
  return new UserError(`You can suggest again in ${Math.ceil(waitMs / 1000)} seconds.`);
}

async function submitSuggestion(ctx: CommandContext, fields: ModalInput['fields']): Promise<HandlerResponse> {
  const guildId = requireFaqGuild(ctx);
  const content = parseFaqContent(contentFields(fields));
  await checkMaySuggest(ctx, guildId);
  const { faq, cooldowns, config } = ctx.services;
  const waitMs = await cooldowns.take(
    cooldownKey(guildId, ctx.user.id),
    config.FAQ_SUGGEST_COOLDOWN_SECONDS * 1000,
  );
  if (waitMs > 0) throw cooldownError(waitMs);
  const outcome = await faq.suggest(guildId, ctx.user.id, content, FAQ_LIMITS.maxPendingPerMember);
  if (!outcome.ok) throw tooManyPendingError();
  const announced = await outcome.announced;
  return ephemeral(
    `Thanks! Your suggestion #${outcome.entry.id} is waiting for a moderator${announced ? ' (they have been notified)' : ''}. ` +
      'I will tell you by direct message when it has been reviewed, if your DMs are open.',
  );
}

/** After a decision: what is left in the queue, for the card's note. */
async function queueNote(ctx: CommandContext, guildId: string): Promise<string | undefined> {
  const waiting = await ctx.services.faq.countByStatus(guildId, 'pending');
  if (waiting === 0) return undefined;
  return `${waiting} more ${waiting === 1 ? 'suggestion is' : 'suggestions are'} waiting: \`/faq review\`.`;
}

/**
 * A card whose suggestion was decided elsewhere (another card, `/faq review`, a faster
 * moderator) is brought up to date, with a note saying who decided, instead of keeping
 * buttons that can no longer do anything.
 */
function outdatedCard(id: number, current: FaqEntry | undefined, wanted: string): HandlerResponse {
  const note = alreadyHandledMessage(id, current, wanted);
  if (!current || current.status === 'pending') return ephemeral(note);
  return update(resolvedCard(current, note));
}

/** The moderator's view after a decision: the resolved card, or who came first. */
async function afterDecision(
  ctx: CommandContext,
  decision: Promise<FaqChange>,
  id: number,
  wanted: string,
): Promise<HandlerResponse> {
  const change = await decision;
  if (!change.ok) return outdatedCard(id, change.current, wanted);
  return update(resolvedCard(change.entry, await queueNote(ctx, change.entry.guildId)));
}

async function showPage(ctx: CommandContext, guildId: string, requested: number) {
  const { faq } = ctx.services;
  const total = await faq.countByStatus(guildId, 'approved');
  const lastPage = Math.max(0, Math.ceil(total / LIST_PAGE_SIZE) - 1);
  const page = Math.min(Math.max(0, requested), lastPage);
  return listPage(await faq.approvedPage(guildId, page * LIST_PAGE_SIZE, LIST_PAGE_SIZE), page, total);
}

const subcommands: Record<
  string,
  (ctx: CommandContext, input: CommandInput) => Promise<HandlerResponse> | HandlerResponse
> = {
  show(ctx, input) {
    const guildId = requireFaqGuild(ctx);
    const entry = resolveEntry(ctx, guildId, stringOption(input, 'entry'));
    return message(entryReply(entry, stringOption(input, 'mention')));
  },
  async suggest(ctx) {
    await checkMaySuggest(ctx, requireFaqGuild(ctx));
    return openModal(suggestModal());
  },
  async list(ctx) {
    return message(await showPage(ctx, requireFaqGuild(ctx), 0));
  },
  async review(ctx) {
    const guildId = await requireFaqModerator(ctx);
    const entry = await ctx.services.faq.oldestPending(guildId);
    if (!entry) return ephemeral('No suggestions are waiting for review. 🎉');
    const waiting = await ctx.services.faq.countByStatus(guildId, 'pending');
    return message({ ...reviewCard(entry, waiting), ephemeral: true });
  },
  async edit(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    return openModal(editModal(resolveEntry(ctx, guildId, stringOption(input, 'entry'))));
  },
  async remove(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    const entry = resolveEntry(ctx, guildId, stringOption(input, 'entry'));
    const change = await ctx.services.faq.remove(
      guildId,
      entry.id,
      ctx.user.id,
      parseReason(stringOption(input, 'reason')),
    );
    if (!change.ok) return ephemeral(alreadyHandledMessage(entry.id, change.current, 'removed'));
    return ephemeral(
      `Removed FAQ entry #${entry.id}. It no longer answers \`/ask\` or \`/faq show\`; it stays in the audit history.`,
    );
  },
  async 'review-channel'(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    const channelId = stringOption(input, 'channel');
    if (!channelId) throw new UserError('Pick a channel.');
    const problem = await ctx.services.outbox.checkCanPost(guildId, channelId);
    if (problem) throw new UserError(`I can't post in <#${channelId}>: ${problem} Nothing was changed.`);
    await ctx.services.faq.setReviewChannel(guildId, channelId, ctx.user.id);
    return ephemeral(`New FAQ suggestions will be announced in <#${channelId}>.`);
  },
  async 'moderator-role'(ctx, input) {
    const guildId = await requireFaqAdmin(ctx);
    const roleId = stringOption(input, 'role');
    if (!roleId) throw new UserError('Pick a role.');
    if (roleId === guildId)
      throw new UserError('@everyone cannot be the FAQ moderator role. Pick a smaller role.');
    await ctx.services.faq.setModeratorRole(guildId, roleId, ctx.user.id);
    return ephemeral(`Members with <@&${roleId}> can now review, edit and remove FAQ entries.`);
  },
};

export const faqCommand: CommandModule = {
  definition,

  run(ctx, input) {
    const handler = input.subcommand ? subcommands[input.subcommand] : undefined;
    if (!handler) throw new UserError('Pick one of the `/faq` subcommands.');
    return handler(ctx, input);
  },

  async autocomplete(ctx, input): Promise<Choice[]> {
    if (input.focused.name !== 'entry' || ctx.guildId === null) return [];
    const { search, faq } = ctx.services;
    const limit = DISCORD_LIMITS.autocompleteChoices;
    const typed = input.focused.value.trim();
    const hits = search
      .completeFaq(ctx.guildId, typed, limit)
      .map((hit) => ({ id: hit.id, question: hit.title }));
    const entries =
      hits.length > 0 || typed !== ''
        ? hits
        : (await faq.approvedPage(ctx.guildId, 0, limit)).map((e) => ({
            id: String(e.id),
            question: e.question,
          }));
    return entries.map((e) => ({
      name: truncate(`#${e.id} ${e.question}`, DISCORD_LIMITS.choiceName),
      value: e.id,
    }));
  },

  async component(ctx, input: ComponentInput) {
    if (input.action === 'list')
      return update(await showPage(ctx, requireFaqGuild(ctx), pageArgument(input.args)));
    const guildId = await requireFaqModerator(ctx);
    const id = entryId(input.args);
    switch (input.action) {
      case 'approve':
        return afterDecision(
          ctx,
          ctx.services.faq.approve(guildId, id, ctx.user.id, undefined, {
            decidedOn: input.messageId,
            guildName: ctx.guildName,
          }),
          id,
          'approved',
        );
      case 'reject':
      case 'review-edit': {
        const entry = await ctx.services.faq.get(guildId, id);
        if (entry?.status !== 'pending')
          return outdatedCard(id, entry, input.action === 'reject' ? 'rejected' : 'edited');
        return openModal(input.action === 'reject' ? rejectModal(id) : reviewEditModal(entry));
      }
      default:
        throw new UserError('That button no longer works. Run the command again.');
    }
  },

  async modal(ctx, input: ModalInput) {
    if (input.action === 'suggest') return submitSuggestion(ctx, input.fields);
    const guildId = await requireFaqModerator(ctx);
    const id = entryId(input.args);
    const { faq } = ctx.services;
    const where = { decidedOn: input.messageId, guildName: ctx.guildName };
    switch (input.action) {
      case 'reject':
        return afterDecision(
          ctx,
          faq.reject(guildId, id, ctx.user.id, parseReason(input.fields[FIELD_IDS.reason]), where),
          id,
          'rejected',
        );
      case 'review-edit':
        return afterDecision(
          ctx,
          faq.approve(guildId, id, ctx.user.id, parseFaqContent(contentFields(input.fields)), where),
          id,
          'approved',
        );
      case 'edit': {
        const change = await faq.edit(guildId, id, ctx.user.id, parseFaqContent(contentFields(input.fields)));
        if (!change.ok) return ephemeral(alreadyHandledMessage(id, change.current, 'edited'));
        if (!change.changed) return ephemeral(`Nothing changed: FAQ entry #${id} already says that.`);
        return ephemeral(`Saved FAQ entry #${id}. \`/ask\` and \`/faq show\` use the new text from now on.`);
      }
      default:
        throw new UserError('That form no longer works. Run the command again.');
    }
  },
};

/** A content form's fields for validation; NO_SOURCE_WORD in the source field means "no source". */
function contentFields(fields: ModalInput['fields']) {
  const source = fields[FIELD_IDS.source];
  return {
    question: fields[FIELD_IDS.question],
    answer: fields[FIELD_IDS.answer],
    source: source?.trim().toLowerCase() === NO_SOURCE_WORD ? '' : source,
  };
}

function pageArgument(args: readonly string[]): number {
  const page = Number(args[0]);
  return Number.isSafeInteger(page) ? page : 0;
}
