/**
 * What the community FAQ looks like: the entry as an answer, the review card with its
 * buttons, the resolved card, the paginated list and the modals. Every id a button or modal
 * carries is built here so the handlers in commands/faq.ts and these layouts agree. The bot's own
 * words come from the catalogue in the language of the translator given (the members' text is
 * shown as they wrote it); a card's buttons carry its language, so the card stays in it when a
 * moderator decides, whoever they are.
 */
import type { Locale } from '../i18n/locales.js';
import type { Translator } from '../i18n/messages.js';
import { customId, localisedCustomId } from '../replies/custom-id.js';
import { discordTimestamp } from '../replies/discord-timestamp.js';
import { truncate } from '../replies/fit.js';
import { DISCORD_LIMITS } from '../replies/limits.js';
import type { Modal, Reply, ReplyEmbed, ReplyEmbedField, ReplyLinkButton } from '../replies/reply.js';
import { discordLength } from '../replies/text-length.js';
import type { FaqContent, FaqEntry } from './faq-store.js';
import { isInviteLink, linkHost, linkTargets, parseLink, revealMisleadingLinks } from './links.js';
import { FAQ_LIMITS } from './validation.js';

export const FAQ_COMMAND = 'faq';
/** Community answers get their own colour so readers can tell them from the curated topics. */
export const FAQ_COLOR = 0x2ea043;
const REVIEW_COLOR = 0xd29922;
const REJECTED_COLOR = 0x8b949e;
export const LIST_PAGE_SIZE = 10;

/**
 * Ids of the FAQ's buttons and forms. Those on a review card carry the card's language, so the
 * resolved card (and the forms' outcome) keeps it; the others answer the person who acts.
 */
export const FAQ_IDS = {
  approve: (id: number, locale: Locale) => localisedCustomId(locale, FAQ_COMMAND, 'approve', id),
  reject: (id: number, locale: Locale) => localisedCustomId(locale, FAQ_COMMAND, 'reject', id),
  /** Edit a pending suggestion: the modal's submit approves the corrected text. */
  reviewEdit: (id: number, locale: Locale) => localisedCustomId(locale, FAQ_COMMAND, 'review-edit', id),
  /** Edit an approved entry. */
  edit: (id: number) => customId(FAQ_COMMAND, 'edit', id),
  suggest: () => customId(FAQ_COMMAND, 'suggest'),
  listPage: (page: number) => customId(FAQ_COMMAND, 'list', page),
  /** Open the suggestion form pre-filled with the question of insight record `id` (/faq insights). */
  fromInsight: (id: number) => customId(FAQ_COMMAND, 'from-insight', id),
} as const;

export const FIELD_IDS = {
  question: 'question',
  answer: 'answer',
  source: 'source',
  reason: 'reason',
} as const;

const user = (id: string) => `<@${id}>`;

/**
 * Typed in a form's source field, removes the source: this English word, or the word the form's
 * language uses (`faq.form.noSourceWord`). An emptied field does too on Discord, but the console
 * keeps a pre-filled value when a line is left empty, so a word is the way that works everywhere.
 * Compared without case or surrounding spaces.
 */
export const NO_SOURCE_WORD = 'none';

/** Whether a source field's text means "no source" in English or in `tr`'s language. */
export function meansNoSource(text: string | undefined, tr: Translator): boolean {
  const typed = text?.trim().toLocaleLowerCase(tr.locale);
  return typed === NO_SOURCE_WORD || typed === tr('faq.form.noSourceWord').toLocaleLowerCase(tr.locale);
}

/**
 * A member-given source as a link button labelled with its host: button labels are plain
 * text, so the link a reader sees named is the link they open, whatever the stored text says.
 * The link is read by parseLink, the same reading validation judged. Null when there is no
 * usable https link or it is an invite (an entry stored before validation was stricter).
 */
export function sourceButton(sourceUrl: string | null, tr: Translator): ReplyLinkButton | null {
  const url = sourceUrl === null ? null : parseLink(sourceUrl);
  if (url?.protocol !== 'https:' || isInviteLink(url)) return null;
  return {
    url: url.href,
    label: truncate(tr('faq.sourceButton', { host: linkHost(url) }), DISCORD_LIMITS.buttonLabel),
  };
}

/** The source's host as inert text (a code span is never a link), for the moderators' cards. */
function sourceHost(sourceUrl: string | null, tr: Translator): string | null {
  const button = sourceButton(sourceUrl, tr);
  const url = button && parseLink(button.url);
  return url && `\`${linkHost(url)}\``;
}

/** An approved entry as the answer to a question, its source as a link button. */
export function entryReply(entry: FaqEntry, tr: Translator, mentionUserId?: string): Reply {
  const embed: ReplyEmbed = {
    title: entry.question,
    description: revealMisleadingLinks(entry.answer),
    color: FAQ_COLOR,
    footer: tr('faq.entryFooter', { id: entry.id }),
    timestamp: new Date(entry.updatedAt).toISOString(),
  };
  const source = sourceButton(entry.sourceUrl, tr);
  return {
    embeds: [embed],
    ...(source && { buttons: [[source]] }),
    ...(mentionUserId && {
      content: tr('faq.mentionIntro', { mention: user(mentionUserId) }),
      mentionUserId,
    }),
  };
}

/**
 * The host each link in the question and answer opens, as inert code spans, so a moderator sees
 * where every link goes whatever its text says. Null when there are no links. Hosts that do not
 * fit one field are counted rather than cut off unseen.
 */
function linksField(entry: FaqContent, tr: Translator): ReplyEmbedField | null {
  const hosts = linkTargets(`${entry.question}\n${entry.answer}`);
  if (hosts.length === 0) return null;
  let value = '';
  for (const [i, host] of hosts.entries()) {
    const next = `${value}${i > 0 ? ', ' : ''}\`${host}\``;
    const more = tr('faq.linksMore', { count: hosts.length - i });
    if (discordLength(next) + discordLength(more) > DISCORD_LIMITS.embedFieldValue) {
      value += more;
      break;
    }
    value = next;
  }
  return { name: tr('faq.linksOpen'), value };
}

/**
 * The question, then the answer, go in the description (4,096 characters) rather than fields
 * (1,024 each), so a moderator always sees the whole text they are approving, in the order a
 * reader will meet it: Discord draws an embed's description before its fields.
 */
function cardText(
  header: string,
  entry: FaqContent,
  tr: Translator,
): Pick<ReplyEmbed, 'description' | 'fields'> {
  const fields: ReplyEmbedField[] = [];
  const host = sourceHost(entry.sourceUrl, tr);
  if (host) fields.push({ name: tr('faq.source'), value: host });
  const links = linksField(entry, tr);
  if (links) fields.push(links);
  return {
    description: `${header}\n\n**${tr('faq.question')}**\n${entry.question}\n\n**${tr('faq.answer')}**\n${entry.answer}`,
    fields,
  };
}

/**
 * A pending suggestion with Approve, Edit and Reject buttons, and its source to open, in `tr`'s
 * language (the buttons carry it, so the resolved card keeps it).
 */
export function reviewCard(entry: FaqEntry, tr: Translator, waiting?: number): Reply {
  const source = sourceButton(entry.sourceUrl, tr);
  const { locale } = tr;
  return {
    embeds: [
      {
        title: tr('faq.card.title', { id: entry.id }),
        ...cardText(
          tr('faq.card.suggestedBy', {
            author: user(entry.authorId),
            when: discordTimestamp(entry.createdAt, 'R'),
          }),
          entry,
          tr,
        ),
        color: REVIEW_COLOR,
        ...(waiting !== undefined && { footer: tr('faq.card.waiting', { count: waiting }) }),
      },
    ],
    buttons: [
      [
        { customId: FAQ_IDS.approve(entry.id, locale), label: tr('faq.card.approve'), style: 'success' },
        {
          customId: FAQ_IDS.reviewEdit(entry.id, locale),
          label: tr('faq.card.editAndApprove'),
          style: 'primary',
        },
        { customId: FAQ_IDS.reject(entry.id, locale), label: tr('faq.card.reject'), style: 'danger' },
      ],
      ...(source ? [[source]] : []),
    ],
  };
}

/** What a resolved entry's card becomes: who decided and when, without buttons. */
export function resolvedCard(entry: FaqEntry, tr: Translator, note?: string): Reply {
  const outcome = tr(`faq.status.${entry.status}`);
  const decided =
    entry.resolvedBy === null
      ? outcome
      : tr('faq.card.decidedBy', {
          outcome,
          moderator: user(entry.resolvedBy),
          when: discordTimestamp(entry.resolvedAt ?? entry.updatedAt, 'R'),
        });
  const reason = entry.reason ? `\n${tr('faq.card.reason', { reason: entry.reason })}` : '';
  return {
    embeds: [
      {
        title: tr('faq.card.resolvedTitle', {
          id: entry.id,
          outcome: tr(`faq.statusInTitle.${entry.status}`),
        }),
        ...cardText(
          `${tr('faq.card.resolvedHeader', { author: user(entry.authorId), decided })}${reason}`,
          entry,
          tr,
        ),
        color: entry.status === 'approved' ? FAQ_COLOR : REJECTED_COLOR,
      },
    ],
    ...(note && { content: note }),
    buttons: [],
  };
}

/** What a moderator wanted to do to an entry, when it turns out someone came first. */
export type FaqAction = 'approved' | 'rejected' | 'edited' | 'removed';

/** Told to a moderator whose action came second, or who acted on an entry that moved on. */
export function alreadyHandledMessage(
  id: number,
  current: FaqEntry | undefined,
  wanted: FaqAction,
  tr: Translator,
): string {
  if (!current) return tr('faq.noEntry', { id });
  if (current.status === 'pending') return tr(`faq.stillPending.${wanted}`, { id });
  const when = current.resolvedAt ? discordTimestamp(current.resolvedAt, 'R') : null;
  const moderator = current.resolvedBy ? user(current.resolvedBy) : null;
  const by =
    moderator && when
      ? tr('faq.already.byWhen', { moderator, when })
      : moderator
        ? tr('faq.already.by', { moderator })
        : when
          ? tr('faq.already.when', { when })
          : '';
  return tr(`faq.already.${current.status}`, { id, by });
}

/** One page of approved entries, with Previous/Next buttons when there is more than one page. */
export function listPage(entries: readonly FaqEntry[], page: number, total: number, tr: Translator): Reply {
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  if (total === 0) return { content: tr('faq.list.empty'), ephemeral: true };
  const lines = entries.map((e) => `**#${e.id}** ${truncate(revealMisleadingLinks(e.question), 220)}`);
  return {
    ephemeral: true,
    embeds: [
      {
        title: tr('faq.list.title'),
        description: lines.join('\n'),
        footer: tr('faq.list.footer', { page: page + 1, pages, count: total }),
        color: FAQ_COLOR,
      },
    ],
    ...(pages > 1 && {
      buttons: [
        [
          {
            customId: FAQ_IDS.listPage(page - 1),
            label: tr('faq.list.previous'),
            style: 'secondary',
            disabled: page === 0,
          },
          {
            customId: FAQ_IDS.listPage(page + 1),
            label: tr('faq.list.next'),
            style: 'secondary',
            disabled: page >= pages - 1,
          },
        ],
      ],
    }),
  };
}

/**
 * Stored text carries a zero-width space per neutralised mention, so a pre-filled value may be
 * a little longer than the limit it was validated against; Discord refuses a form whose value
 * exceeds its own maximum.
 */
function maxLengthFor(limit: number, value: string | null | undefined): number {
  return Math.min(DISCORD_LIMITS.textInputValue, Math.max(limit, value ? discordLength(value) : 0));
}

function contentModal(customIdValue: string, title: string, tr: Translator, current?: FaqContent): Modal {
  const none = tr('faq.form.noSourceWord');
  return {
    customId: customIdValue,
    title: truncate(title, DISCORD_LIMITS.modalTitle),
    fields: [
      {
        customId: FIELD_IDS.question,
        label: truncate(tr('faq.question'), DISCORD_LIMITS.textInputLabel),
        style: 'short',
        required: true,
        minLength: FAQ_LIMITS.questionMin,
        maxLength: maxLengthFor(FAQ_LIMITS.questionMax, current?.question),
        placeholder: truncate(tr('faq.form.questionPlaceholder'), DISCORD_LIMITS.textInputPlaceholder),
        ...(current && { value: current.question }),
      },
      {
        customId: FIELD_IDS.answer,
        label: truncate(tr('faq.answer'), DISCORD_LIMITS.textInputLabel),
        style: 'paragraph',
        required: true,
        minLength: FAQ_LIMITS.answerMin,
        maxLength: maxLengthFor(FAQ_LIMITS.answerMax, current?.answer),
        placeholder: truncate(tr('faq.form.answerPlaceholder'), DISCORD_LIMITS.textInputPlaceholder),
        ...(current && { value: current.answer }),
      },
      {
        customId: FIELD_IDS.source,
        // No "optional" here: Discord marks the required fields, and the console says it itself.
        label: truncate(
          current ? tr('faq.form.sourceLabelEdit', { none }) : tr('faq.form.sourceLabel'),
          DISCORD_LIMITS.textInputLabel,
        ),
        style: 'short',
        required: false,
        maxLength: FAQ_LIMITS.sourceMax,
        placeholder: truncate(
          current ? tr('faq.form.sourcePlaceholderEdit', { none }) : 'https://help.instagram.com/…',
          DISCORD_LIMITS.textInputPlaceholder,
        ),
        ...(current?.sourceUrl && { value: current.sourceUrl }),
      },
    ],
  };
}

/** The suggestion form, in the language of the member who opens it. */
export const suggestModal = (tr: Translator): Modal =>
  contentModal(FAQ_IDS.suggest(), tr('faq.form.suggestTitle'), tr);

/**
 * The suggestion form with its question filled in (from /faq insights): the same form and the
 * same submit path as /faq suggest, so what is sent is validated and reviewed as any suggestion.
 * The question is cut to what the field accepts, or Discord would refuse to open the form.
 */
export function prefilledSuggestModal(tr: Translator, question: string): Modal {
  const modal = suggestModal(tr);
  const [first, ...rest] = modal.fields;
  if (!first) return modal;
  return { ...modal, fields: [{ ...first, value: truncate(question, FAQ_LIMITS.questionMax) }, ...rest] };
}

/**
 * The form that corrects and approves a suggestion: its words in the moderator's language (`tr`),
 * its id carrying the card's (`cardLocale`), so the card is resolved in the card's language.
 */
export const reviewEditModal = (entry: FaqEntry, tr: Translator, cardLocale: Locale): Modal =>
  contentModal(
    FAQ_IDS.reviewEdit(entry.id, cardLocale),
    tr('faq.form.reviewEditTitle', { id: entry.id }),
    tr,
    entry,
  );

export const editModal = (entry: FaqEntry, tr: Translator): Modal =>
  contentModal(FAQ_IDS.edit(entry.id), tr('faq.form.editTitle', { id: entry.id }), tr, entry);

/** The rejection form: words in the moderator's language, id carrying the card's (as reviewEditModal). */
export function rejectModal(id: number, tr: Translator, cardLocale: Locale): Modal {
  return {
    customId: FAQ_IDS.reject(id, cardLocale),
    title: truncate(tr('faq.form.rejectTitle', { id }), DISCORD_LIMITS.modalTitle),
    fields: [
      {
        customId: FIELD_IDS.reason,
        label: truncate(tr('faq.form.reasonLabel'), DISCORD_LIMITS.textInputLabel),
        style: 'paragraph',
        required: false,
        maxLength: FAQ_LIMITS.reasonMax,
      },
    ],
  };
}

/**
 * The direct message (or review-channel note) that tells an author what became of a suggestion,
 * in `tr`'s language.
 */
export function outcomeForAuthor(entry: FaqEntry, tr: Translator, guildName?: string | null): Reply {
  const vars = { id: entry.id, question: truncate(revealMisleadingLinks(entry.question), 120) };
  const content =
    entry.status === 'approved'
      ? guildName
        ? tr('faq.author.approved', { ...vars, server: guildName })
        : tr('faq.author.approvedNoServer', vars)
      : entry.reason
        ? tr('faq.author.rejectedWithReason', { ...vars, reason: entry.reason })
        : tr('faq.author.rejected', vars);
  return { content };
}
