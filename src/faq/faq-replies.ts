/**
 * What the community FAQ looks like: the entry as an answer, the review card with its
 * buttons, the resolved card, the paginated list and the modals. Every id a button or modal
 * carries is built here so the handlers in commands/faq.ts and these layouts agree.
 */
import { customId } from '../replies/custom-id.js';
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

export const FAQ_IDS = {
  approve: (id: number) => customId(FAQ_COMMAND, 'approve', id),
  reject: (id: number) => customId(FAQ_COMMAND, 'reject', id),
  /** Edit a pending suggestion: the modal's submit approves the corrected text. */
  reviewEdit: (id: number) => customId(FAQ_COMMAND, 'review-edit', id),
  /** Edit an approved entry. */
  edit: (id: number) => customId(FAQ_COMMAND, 'edit', id),
  suggest: () => customId(FAQ_COMMAND, 'suggest'),
  listPage: (page: number) => customId(FAQ_COMMAND, 'list', page),
} as const;

export const FIELD_IDS = {
  question: 'question',
  answer: 'answer',
  source: 'source',
  reason: 'reason',
} as const;

const user = (id: string) => `<@${id}>`;

/**
 * Typed in a form's source field, removes the source. An emptied field does too on Discord, but
 * the console keeps a pre-filled value when a line is left empty, so a word is the way that
 * works everywhere. Compared without case or surrounding spaces.
 */
export const NO_SOURCE_WORD = 'none';

/**
 * A member-given source as a link button labelled with its host: button labels are plain
 * text, so the link a reader sees named is the link they open, whatever the stored text says.
 * The link is read by parseLink, the same reading validation judged. Null when there is no
 * usable https link or it is an invite (an entry stored before validation was stricter).
 */
export function sourceButton(sourceUrl: string | null): ReplyLinkButton | null {
  const url = sourceUrl === null ? null : parseLink(sourceUrl);
  if (url?.protocol !== 'https:' || isInviteLink(url)) return null;
  return { url: url.href, label: truncate(`Source: ${linkHost(url)}`, DISCORD_LIMITS.buttonLabel) };
}

/** The source's host as inert text (a code span is never a link), for the moderators' cards. */
function sourceHost(sourceUrl: string | null): string | null {
  const button = sourceButton(sourceUrl);
  const url = button && parseLink(button.url);
  return url && `\`${linkHost(url)}\``;
}

/** An approved entry as the answer to a question, its source as a link button. */
export function entryReply(entry: FaqEntry, mentionUserId?: string): Reply {
  const embed: ReplyEmbed = {
    title: entry.question,
    description: revealMisleadingLinks(entry.answer),
    color: FAQ_COLOR,
    footer: `Community FAQ #${entry.id} · answered by this server's members, approved by its moderators`,
    timestamp: new Date(entry.updatedAt).toISOString(),
  };
  const source = sourceButton(entry.sourceUrl);
  return {
    embeds: [embed],
    ...(source && { buttons: [[source]] }),
    ...(mentionUserId && { content: `${user(mentionUserId)}, this might help:`, mentionUserId }),
  };
}

/**
 * The host each link in the question and answer opens, as inert code spans, so a moderator sees
 * where every link goes whatever its text says. Null when there are no links. Hosts that do not
 * fit one field are counted rather than cut off unseen.
 */
function linksField(entry: FaqContent): ReplyEmbedField | null {
  const hosts = linkTargets(`${entry.question}\n${entry.answer}`);
  if (hosts.length === 0) return null;
  let value = '';
  for (const [i, host] of hosts.entries()) {
    const next = `${value}${i > 0 ? ', ' : ''}\`${host}\``;
    const more = ` and ${hosts.length - i} more`;
    if (discordLength(next) + discordLength(more) > DISCORD_LIMITS.embedFieldValue) {
      value += more;
      break;
    }
    value = next;
  }
  return { name: 'Links open', value };
}

/**
 * The question, then the answer, go in the description (4,096 characters) rather than fields
 * (1,024 each), so a moderator always sees the whole text they are approving, in the order a
 * reader will meet it: Discord draws an embed's description before its fields.
 */
function cardText(header: string, entry: FaqContent): Pick<ReplyEmbed, 'description' | 'fields'> {
  const fields: ReplyEmbedField[] = [];
  const host = sourceHost(entry.sourceUrl);
  if (host) fields.push({ name: 'Source', value: host });
  const links = linksField(entry);
  if (links) fields.push(links);
  return {
    description: `${header}\n\n**Question**\n${entry.question}\n\n**Answer**\n${entry.answer}`,
    fields,
  };
}

/** A pending suggestion with Approve, Edit and Reject buttons, and its source to open. */
export function reviewCard(entry: FaqEntry, waiting?: number): Reply {
  const source = sourceButton(entry.sourceUrl);
  return {
    embeds: [
      {
        title: `FAQ suggestion #${entry.id}`,
        ...cardText(`Suggested by ${user(entry.authorId)} ${discordTimestamp(entry.createdAt, 'R')}`, entry),
        color: REVIEW_COLOR,
        ...(waiting !== undefined && {
          footer:
            waiting === 1
              ? 'This is the only suggestion waiting.'
              : `${waiting} suggestions waiting, oldest first.`,
        }),
      },
    ],
    buttons: [
      [
        { customId: FAQ_IDS.approve(entry.id), label: 'Approve', style: 'success' },
        { customId: FAQ_IDS.reviewEdit(entry.id), label: 'Edit and approve', style: 'primary' },
        { customId: FAQ_IDS.reject(entry.id), label: 'Reject', style: 'danger' },
      ],
      ...(source ? [[source]] : []),
    ],
  };
}

const OUTCOME_WORD: Record<FaqEntry['status'], string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Rejected',
  removed: 'Removed',
};

/** What a resolved entry's card becomes: who decided and when, without buttons. */
export function resolvedCard(entry: FaqEntry, note?: string): Reply {
  const decided =
    entry.resolvedBy === null
      ? OUTCOME_WORD[entry.status]
      : `${OUTCOME_WORD[entry.status]} by ${user(entry.resolvedBy)} ${discordTimestamp(entry.resolvedAt ?? entry.updatedAt, 'R')}`;
  const reason = entry.reason ? `\nReason: ${entry.reason}` : '';
  return {
    embeds: [
      {
        title: `FAQ suggestion #${entry.id}: ${OUTCOME_WORD[entry.status].toLowerCase()}`,
        ...cardText(`Suggested by ${user(entry.authorId)}. ${decided}.${reason}`, entry),
        color: entry.status === 'approved' ? FAQ_COLOR : REJECTED_COLOR,
      },
    ],
    ...(note && { content: note }),
    buttons: [],
  };
}

/** Told to a moderator whose action came second, or who acted on an entry that moved on. */
export function alreadyHandledMessage(id: number, current: FaqEntry | undefined, wanted: string): string {
  if (!current) return `There is no FAQ entry #${id} in this server.`;
  if (current.status === 'pending')
    return `FAQ suggestion #${id} is still waiting for review, so it cannot be ${wanted}.`;
  const by = current.resolvedBy ? ` by ${user(current.resolvedBy)}` : '';
  const when = current.resolvedAt ? ` ${discordTimestamp(current.resolvedAt, 'R')}` : '';
  return `FAQ entry #${id} was already ${current.status}${by}${when}; nothing changed.`;
}

/** One page of approved entries, with Previous/Next buttons when there is more than one page. */
export function listPage(entries: readonly FaqEntry[], page: number, total: number): Reply {
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  if (total === 0) {
    return {
      content: 'This server has no community FAQ entries yet. Suggest one with `/faq suggest`.',
      ephemeral: true,
    };
  }
  const lines = entries.map((e) => `**#${e.id}** ${truncate(revealMisleadingLinks(e.question), 220)}`);
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Community FAQ',
        description: lines.join('\n'),
        footer: `Page ${page + 1} of ${pages} · ${total} ${total === 1 ? 'entry' : 'entries'} · /faq show to post one`,
        color: FAQ_COLOR,
      },
    ],
    ...(pages > 1 && {
      buttons: [
        [
          {
            customId: FAQ_IDS.listPage(page - 1),
            label: 'Previous',
            style: 'secondary',
            disabled: page === 0,
          },
          {
            customId: FAQ_IDS.listPage(page + 1),
            label: 'Next',
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

function contentModal(customIdValue: string, title: string, current?: FaqContent): Modal {
  return {
    customId: customIdValue,
    title: truncate(title, DISCORD_LIMITS.modalTitle),
    fields: [
      {
        customId: FIELD_IDS.question,
        label: 'Question',
        style: 'short',
        required: true,
        minLength: FAQ_LIMITS.questionMin,
        maxLength: maxLengthFor(FAQ_LIMITS.questionMax, current?.question),
        placeholder: 'e.g. Can I unlink my Instagram from Facebook?',
        ...(current && { value: current.question }),
      },
      {
        customId: FIELD_IDS.answer,
        label: 'Answer',
        style: 'paragraph',
        required: true,
        minLength: FAQ_LIMITS.answerMin,
        maxLength: maxLengthFor(FAQ_LIMITS.answerMax, current?.answer),
        placeholder: 'A clear, accurate answer. Markdown works.',
        ...(current && { value: current.answer }),
      },
      {
        customId: FIELD_IDS.source,
        // No "optional" here: Discord marks the required fields, and the console says it itself.
        label: current ? `Source link (https; "${NO_SOURCE_WORD}" removes it)` : 'Source link (https)',
        style: 'short',
        required: false,
        maxLength: FAQ_LIMITS.sourceMax,
        placeholder: current
          ? `https://help.instagram.com/…, or "${NO_SOURCE_WORD}" for no source`
          : 'https://help.instagram.com/…',
        ...(current?.sourceUrl && { value: current.sourceUrl }),
      },
    ],
  };
}

export const suggestModal = (): Modal => contentModal(FAQ_IDS.suggest(), 'Suggest an FAQ entry');
export const reviewEditModal = (entry: FaqEntry): Modal =>
  contentModal(FAQ_IDS.reviewEdit(entry.id), `Edit and approve suggestion #${entry.id}`, entry);
export const editModal = (entry: FaqEntry): Modal =>
  contentModal(FAQ_IDS.edit(entry.id), `Edit FAQ entry #${entry.id}`, entry);

export function rejectModal(id: number): Modal {
  return {
    customId: FAQ_IDS.reject(id),
    title: `Reject suggestion #${id}`,
    fields: [
      {
        customId: FIELD_IDS.reason,
        label: 'Reason (shown to the author)',
        style: 'paragraph',
        required: false,
        maxLength: FAQ_LIMITS.reasonMax,
      },
    ],
  };
}

/** The direct message (or review-channel note) that tells an author what became of a suggestion. */
export function outcomeForAuthor(entry: FaqEntry, guildName?: string | null): Reply {
  const what =
    entry.status === 'approved'
      ? `was approved: \`/ask\` and \`/faq show\` in ${guildName || 'the server'} now answer with it.`
      : `was not accepted${entry.reason ? `. The moderator's reason: ${entry.reason}` : '.'}`;
  return {
    content: `Your FAQ suggestion #${entry.id} ("${truncate(revealMisleadingLinks(entry.question), 120)}") ${what}`,
  };
}
