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
  type FaqAction,
  FIELD_IDS,
  LIST_PAGE_SIZE,
  listPage,
  meansNoSource,
  prefilledSuggestModal,
  rejectModal,
  resolvedCard,
  reviewCard,
  reviewEditModal,
  suggestModal,
} from '../src/faq/faq-replies.js';
import type { FaqChange, FaqEntry } from '../src/faq/faq-store.js';
import { neutraliseMentions } from '../src/faq/sanitise.js';
import { FAQ_LIMITS, parseFaqContent, parseReason } from '../src/faq/validation.js';
import { localiseCommand } from '../src/i18n/command-localisations.js';
import { isLocale, LOCALES, type Locale } from '../src/i18n/locales.js';
import { type Translator, t, translator } from '../src/i18n/messages.js';
import { insightsReport } from '../src/insights/insights-reply.js';
import { requireFaqAdmin, requireFaqGuild, requireFaqModerator } from '../src/permissions.js';
import { truncate } from '../src/replies/fit.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { describePostProblem } from '../src/replies/post-problem.js';
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

/** `/faq config language`'s choice that clears the setting: the server's language in Discord decides. */
const FOLLOW_SERVER = 'server';

/** The longest window `/faq insights` accepts; records never outlive INSIGHTS_RETENTION_DAYS anyway. */
const MAX_INSIGHT_DAYS = 3_650;
const DAY_MS = 86_400_000;

const entryOption = {
  type: ApplicationCommandOptionType.String,
  name: 'entry',
  required: true,
  autocomplete: true,
  max_length: DISCORD_LIMITS.choiceValue,
} as const;

const definition = localiseCommand({
  name: FAQ_COMMAND,
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      options: [entryOption, { type: ApplicationCommandOptionType.User, name: 'mention', required: false }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'suggest' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'review' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'edit', options: [entryOption] },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      options: [
        entryOption,
        {
          type: ApplicationCommandOptionType.String,
          name: 'reason',
          required: false,
          max_length: FAQ_LIMITS.reasonMax,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'insights',
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'days',
          required: false,
          min_value: 1,
          max_value: MAX_INSIGHT_DAYS,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'config',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'review-channel',
          options: [
            {
              type: ApplicationCommandOptionType.Channel,
              name: 'channel',
              required: true,
              channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
            },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'moderator-role',
          options: [{ type: ApplicationCommandOptionType.Role, name: 'role', required: true }],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'language',
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'language',
              required: true,
              choices: [FOLLOW_SERVER, ...LOCALES],
            },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'insights',
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'recording',
              required: true,
              choices: ['on', 'off'],
            },
          ],
        },
      ],
    },
  ],
});

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
  if (!entry) throw new UserError('faq.noMatch', { typed: neutraliseMentions(truncate(typed, 80)) });
  return entry;
}

function entryId(args: readonly string[]): number {
  const id = Number(args[0]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('common.buttonGone');
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
  return new UserError('faq.tooManyPending', { count: FAQ_LIMITS.maxPendingPerMember });
}

function cooldownError(waitMs: number): UserError {
  return new UserError('faq.cooldown', { count: Math.ceil(waitMs / 1000) });
}

async function submitSuggestion(ctx: CommandContext, fields: ModalInput['fields']): Promise<HandlerResponse> {
  const guildId = requireFaqGuild(ctx);
  const tr = translator(ctx.locale);
  const content = parseFaqContent(contentFields(fields, tr));
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
  return ephemeral(tr(announced ? 'faq.thanksNotified' : 'faq.thanks', { id: outcome.entry.id }));
}

/** After a decision: what is left in the queue, for the card's note, in the card's language. */
async function queueNote(ctx: CommandContext, guildId: string, tr: Translator): Promise<string | undefined> {
  const waiting = await ctx.services.faq.countByStatus(guildId, 'pending');
  if (waiting === 0) return undefined;
  return tr('faq.queueNote', { count: waiting });
}

/**
 * A card whose suggestion was decided elsewhere (another card, `/faq review`, a faster
 * moderator) is brought up to date, with a note saying who decided, instead of keeping
 * buttons that can no longer do anything. The card stays in its language (`card`); a notice
 * that only the moderator sees is in theirs (`own`).
 */
function outdatedCard(
  id: number,
  current: FaqEntry | undefined,
  wanted: FaqAction,
  card: Translator,
  own: Translator,
): HandlerResponse {
  if (!current || current.status === 'pending')
    return ephemeral(alreadyHandledMessage(id, current, wanted, own));
  return update(resolvedCard(current, card, alreadyHandledMessage(id, current, wanted, card)));
}

/** The moderator's view after a decision: the resolved card (in its language), or who came first. */
async function afterDecision(
  ctx: CommandContext,
  decision: Promise<FaqChange>,
  id: number,
  wanted: FaqAction,
  cardLocale: Locale,
): Promise<HandlerResponse> {
  const change = await decision;
  const card = translator(cardLocale);
  if (!change.ok) return outdatedCard(id, change.current, wanted, card, translator(ctx.locale));
  return update(resolvedCard(change.entry, card, await queueNote(ctx, change.entry.guildId, card)));
}

async function showPage(ctx: CommandContext, guildId: string, requested: number) {
  const { faq } = ctx.services;
  const total = await faq.countByStatus(guildId, 'approved');
  const lastPage = Math.max(0, Math.ceil(total / LIST_PAGE_SIZE) - 1);
  const page = Math.min(Math.max(0, requested), lastPage);
  const entries = await faq.approvedPage(guildId, page * LIST_PAGE_SIZE, LIST_PAGE_SIZE);
  return listPage(entries, page, total, translator(ctx.locale));
}

const subcommands: Record<
  string,
  (ctx: CommandContext, input: CommandInput) => Promise<HandlerResponse> | HandlerResponse
> = {
  show(ctx, input) {
    const guildId = requireFaqGuild(ctx);
    const entry = resolveEntry(ctx, guildId, stringOption(input, 'entry'));
    return message(entryReply(entry, translator(ctx.locale), stringOption(input, 'mention')));
  },
  async suggest(ctx) {
    await checkMaySuggest(ctx, requireFaqGuild(ctx));
    return openModal(suggestModal(translator(ctx.locale)));
  },
  async list(ctx) {
    return message(await showPage(ctx, requireFaqGuild(ctx), 0));
  },
  async review(ctx) {
    const guildId = await requireFaqModerator(ctx);
    const entry = await ctx.services.faq.oldestPending(guildId);
    const tr = translator(ctx.locale);
    if (!entry) return ephemeral(tr('faq.noneWaiting'));
    const waiting = await ctx.services.faq.countByStatus(guildId, 'pending');
    return message({ ...reviewCard(entry, tr, waiting), ephemeral: true });
  },
  async edit(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    return openModal(
      editModal(resolveEntry(ctx, guildId, stringOption(input, 'entry')), translator(ctx.locale)),
    );
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
    const tr = translator(ctx.locale);
    if (!change.ok) return ephemeral(alreadyHandledMessage(entry.id, change.current, 'removed', tr));
    return ephemeral(tr('faq.removed', { id: entry.id }));
  },
  async 'review-channel'(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    const channelId = stringOption(input, 'channel');
    if (!channelId) throw new UserError('faq.pickChannel');
    const problem = await ctx.services.outbox.checkCanPost(guildId, channelId);
    if (problem) {
      throw new UserError((tr) =>
        tr('faq.cannotPostIn', { channel: channelId, problem: describePostProblem(problem, tr) }),
      );
    }
    await ctx.services.faq.setReviewChannel(guildId, channelId, ctx.user.id);
    return ephemeral(t(ctx.locale, 'faq.reviewChannelSet', { channel: channelId }));
  },
  async 'moderator-role'(ctx, input) {
    const guildId = await requireFaqAdmin(ctx);
    const roleId = stringOption(input, 'role');
    if (!roleId) throw new UserError('faq.pickRole');
    if (roleId === guildId) throw new UserError('faq.everyoneRole');
    await ctx.services.faq.setModeratorRole(guildId, roleId, ctx.user.id);
    return ephemeral(t(ctx.locale, 'faq.moderatorRoleSet', { role: roleId }));
  },
  async language(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    const chosen = stringOption(input, 'language');
    const tr = translator(ctx.locale);
    if (chosen === FOLLOW_SERVER) {
      await ctx.services.faq.setLanguage(guildId, null, ctx.user.id);
      const current = ctx.guildLocale ?? (await ctx.services.language.ofDiscord(guildId));
      return ephemeral(tr('faq.languageFollowsServer', { language: tr(`languages.${current}`) }));
    }
    if (!isLocale(chosen)) throw new UserError('faq.pickLanguage');
    await ctx.services.faq.setLanguage(guildId, chosen, ctx.user.id);
    return ephemeral(tr('faq.languageSet', { language: tr(`languages.${chosen}`) }));
  },
  async insights(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    const { insights, clock, config, library } = ctx.services;
    const asked = input.options.days;
    const days =
      typeof asked === 'number' && Number.isSafeInteger(asked) && asked >= 1
        ? Math.min(asked, MAX_INSIGHT_DAYS)
        : config.INSIGHTS_RETENTION_DAYS;
    const since = clock.now() - days * DAY_MS;
    const [records, recording] = await Promise.all([
      insights.store.list(guildId, since),
      insights.store.isRecording(guildId),
    ]);
    return message({
      ...insightsReport(records, since, library, translator(ctx.locale), recording),
      ephemeral: true,
    });
  },
  async 'config insights'(ctx, input) {
    const guildId = await requireFaqModerator(ctx);
    const on = stringOption(input, 'recording') === 'on';
    const { insights, clock, config } = ctx.services;
    await insights.store.setRecording(guildId, on, ctx.user.id, clock.now());
    const tr = translator(ctx.locale);
    return ephemeral(
      on ? tr('faq.insightsOn', { days: config.INSIGHTS_RETENTION_DAYS }) : tr('faq.insightsOff'),
    );
  },
};

export const faqCommand: CommandModule = {
  definition,

  run(ctx, input) {
    // A grouped subcommand may share its name with a top-level one (`config insights`, `insights`).
    const grouped = input.subcommandGroup
      ? subcommands[`${input.subcommandGroup} ${input.subcommand}`]
      : undefined;
    const handler = grouped ?? (input.subcommand ? subcommands[input.subcommand] : undefined);
    if (!handler) throw new UserError('faq.pickSubcommand');
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
    if (input.action === 'from-insight') {
      // Checked again at the click: the report may have been opened by someone no longer a moderator.
      const insight = await ctx.services.insights.store.get(guildId, Number(input.args[0]));
      if (!insight) throw new UserError('common.buttonGone');
      await checkMaySuggest(ctx, guildId);
      return openModal(prefilledSuggestModal(translator(ctx.locale), insight.question));
    }
    const id = entryId(input.args);
    // The card is in the language its buttons carry; forms and private notices in the moderator's.
    const own = translator(ctx.locale);
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
          input.locale,
        );
      case 'reject':
      case 'review-edit': {
        const entry = await ctx.services.faq.get(guildId, id);
        if (entry?.status !== 'pending') {
          const wanted = input.action === 'reject' ? 'rejected' : 'edited';
          return outdatedCard(id, entry, wanted, translator(input.locale), own);
        }
        return openModal(
          input.action === 'reject'
            ? rejectModal(id, own, input.locale)
            : reviewEditModal(entry, own, input.locale),
        );
      }
      default:
        throw new UserError('common.buttonGone');
    }
  },

  async modal(ctx, input: ModalInput) {
    if (input.action === 'suggest') return submitSuggestion(ctx, input.fields);
    const guildId = await requireFaqModerator(ctx);
    const id = entryId(input.args);
    const { faq } = ctx.services;
    const own = translator(ctx.locale);
    const where = { decidedOn: input.messageId, guildName: ctx.guildName };
    switch (input.action) {
      case 'reject':
        return afterDecision(
          ctx,
          faq.reject(guildId, id, ctx.user.id, parseReason(input.fields[FIELD_IDS.reason]), where),
          id,
          'rejected',
          input.locale,
        );
      case 'review-edit':
        return afterDecision(
          ctx,
          faq.approve(guildId, id, ctx.user.id, parseFaqContent(contentFields(input.fields, own)), where),
          id,
          'approved',
          input.locale,
        );
      case 'edit': {
        const content = parseFaqContent(contentFields(input.fields, own));
        const change = await faq.edit(guildId, id, ctx.user.id, content);
        if (!change.ok) return ephemeral(alreadyHandledMessage(id, change.current, 'edited', own));
        return ephemeral(own(change.changed ? 'faq.saved' : 'faq.nothingChanged', { id }));
      }
      default:
        throw new UserError('common.formGone');
    }
  },
};

/**
 * A content form's fields for validation; the no-source word (English, or the form's language's)
 * in the source field means "no source".
 */
function contentFields(fields: ModalInput['fields'], tr: Translator) {
  const source = fields[FIELD_IDS.source];
  return {
    question: fields[FIELD_IDS.question],
    answer: fields[FIELD_IDS.answer],
    source: meansNoSource(source, tr) ? '' : source,
  };
}

function pageArgument(args: readonly string[]): number {
  const page = Number(args[0]);
  return Number.isSafeInteger(page) ? page : 0;
}
