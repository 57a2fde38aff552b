/**
 * How a knowledge topic looks as a reply, shared by /connected, /ask and /topics so every
 * answer has the same shape: topic title, then one part of it (the lead, one section, or the
 * whole topic), sources as links, a review-date footer, the same colour, and buttons that open
 * the whole topic, its other sections and related topics through /ask's button handler. Each
 * takes the translator of the reply's language: the topic must come from that language's
 * knowledge base (services.library.in(locale)), and the buttons carry the language, so a click
 * answers in it too.
 */

import { localiseCommandMentions } from '../i18n/command-mentions.js';
import { formatCalendarDate } from '../i18n/format.js';
import type { Locale } from '../i18n/locales.js';
import type { Translator } from '../i18n/messages.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { REQUIRED_TOPIC_IDS, type Section, type Source, type Topic } from '../knowledge/schema.js';
import { cleanUserText } from './clean-text.js';
import { localisedCustomId } from './custom-id.js';
import { truncate } from './fit.js';
import { DISCORD_LIMITS } from './limits.js';
import type { Reply, ReplyButton, ReplyEmbed } from './reply.js';

/** Meta blue, on every knowledge answer, so the bot's answers are recognisable in a busy channel. */
export const ANSWER_COLOR = 0x0866ff;

/** At most this many related-topic buttons under an answer. */
export const MAX_RELATED_BUTTONS = 3;

/** The custom id of a button that answers `topicId` publicly in `locale` (handled by commands/ask.ts). */
export function topicButtonId(topicId: string, locale: Locale): string {
  return localisedCustomId(locale, 'ask', 'topic', topicId);
}

/** The custom id of a button that shows the whole of `topicId` in `locale` (handled by commands/ask.ts). */
export function fullTopicButtonId(topicId: string, locale: Locale): string {
  return localisedCustomId(locale, 'ask', 'full', topicId);
}

/** The custom id of a button that shows one section of a topic in `locale` (handled by commands/ask.ts). */
export function sectionButtonId(topicId: string, sectionId: string, locale: Locale): string {
  return localisedCustomId(locale, 'ask', 'section', topicId, sectionId);
}

/** The custom id of a button that answers community FAQ entry `entryId` (handled by commands/ask.ts). */
export function faqButtonId(entryId: string, locale: Locale): string {
  return localisedCustomId(locale, 'ask', 'faq', entryId);
}

/** A compact label for a topic in its real spelling ("Cross-posting"), for lists of many buttons. */
export function shortLabel(topic: Pick<Topic, 'label'>): string {
  return topic.label;
}

/** Button text cut to Discord's limit: titles (up to 100) and FAQ questions (up to 200) can be longer. */
export function buttonLabel(text: string): string {
  return truncate(text, DISCORD_LIMITS.buttonLabel);
}

/** A button that answers `topic` in `locale`, labelled with its title unless `label` is given. */
export function topicButton(
  topic: Pick<Topic, 'id' | 'title'>,
  locale: Locale,
  label: string = topic.title,
): ReplyButton {
  return { customId: topicButtonId(topic.id, locale), label: buttonLabel(label), style: 'secondary' };
}

/** Lays buttons out in rows of five, dropping any beyond Discord's row limit. */
export function buttonRows<T>(buttons: readonly T[]): T[][] {
  const rows: T[][] = [];
  for (
    let i = 0;
    i < buttons.length && rows.length < DISCORD_LIMITS.actionRows;
    i += DISCORD_LIMITS.buttonsPerRow
  ) {
    rows.push(buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow));
  }
  return rows;
}

/** Sources as one Markdown link per line; square brackets in a title would break the link text. */
export function formatSources(sources: readonly Source[]): string {
  return sources.map((s) => `[${s.title.replace(/[[\]]/g, '')}](${s.url})`).join('\n');
}

/** When the topic was last checked, in the reader's date format, and where to find more. */
export function topicFooter(topic: Pick<Topic, 'reviewed'>, tr: Translator): string {
  return tr('answer.footer', { date: formatCalendarDate(tr.locale, topic.reviewed) });
}

/** At most this many buttons for other sections of the same topic under an answer. */
export const MAX_SECTION_BUTTONS = 3;

/**
 * The whole body as Discord shows it: section headings become bold lines, since embed
 * descriptions do not render Markdown headings everywhere.
 */
export function wholeTopicText(topic: Pick<Topic, 'lead' | 'sections'>): string {
  return [topic.lead, ...topic.sections.map((s) => `**${s.heading}**\n${s.text}`)].join('\n\n');
}

/** One section's text under its heading: what `/ask` shows (at most ANSWER_BUDGETS.askDescription). */
export function sectionText(section: Pick<Section, 'heading' | 'text'>): string {
  return `**${section.heading}**\n${section.text}`;
}

/** Which part of a topic a reply shows: its lead (short answer), one section, or all of it. */
export type TopicPart =
  | { readonly kind: 'lead' }
  | { readonly kind: 'section'; readonly id: string }
  | { readonly kind: 'whole' };

function partText(topic: Topic, part: TopicPart): string {
  if (part.kind === 'whole') return wholeTopicText(topic);
  if (part.kind === 'section') {
    const section = topic.sections.find((s) => s.id === part.id);
    if (section) return sectionText(section);
  }
  return topic.lead;
}

/**
 * The embed for one part of a topic (the whole topic by default): title, text, sources. The
 * knowledge text names commands in English; they are shown as the reader's locale names them.
 */
export function topicEmbed(topic: Topic, tr: Translator, part: TopicPart = { kind: 'whole' }): ReplyEmbed {
  return {
    title: topic.title,
    description: localiseCommandMentions(partText(topic, part), tr.locale),
    color: ANSWER_COLOR,
    fields:
      topic.sources.length > 0 ? [{ name: tr('common.sources'), value: formatSources(topic.sources) }] : [],
    footer: topicFooter(topic, tr),
  };
}

/** A button that shows the whole of a topic. */
export function fullTopicButton(topic: Pick<Topic, 'id' | 'label'>, tr: Translator): ReplyButton {
  return {
    customId: fullTopicButtonId(topic.id, tr.locale),
    label: buttonLabel(tr('answer.allAbout', { label: topic.label })),
    style: 'primary',
  };
}

/** A button that shows one section of a topic in `locale`, labelled with its heading. */
export function sectionButton(
  topic: Pick<Topic, 'id'>,
  section: Pick<Section, 'id' | 'heading'>,
  locale: Locale,
): ReplyButton {
  return {
    customId: sectionButtonId(topic.id, section.id, locale),
    label: buttonLabel(section.heading),
    style: 'secondary',
  };
}

/**
 * A public answer showing one part of `topic`: the first row offers the whole topic (unless it
 * is shown) and up to three of its other sections; the second up to three related topics.
 * `related` overrides the topic's own related list (for example search alternatives).
 */
export function topicReply(
  topic: Topic,
  related: readonly Topic[],
  tr: Translator,
  part: TopicPart = { kind: 'whole' },
): Reply {
  const shownSection = part.kind === 'section' ? part.id : null;
  const sectionButtons =
    part.kind === 'whole'
      ? []
      : topic.sections
          .filter((s) => s.id !== shownSection)
          .slice(0, MAX_SECTION_BUTTONS)
          .map((s) => sectionButton(topic, s, tr.locale));
  const firstRow = [...(part.kind === 'whole' ? [] : [fullTopicButton(topic, tr)]), ...sectionButtons];
  const relatedRow = related
    .filter((r) => r.id !== topic.id)
    .slice(0, MAX_RELATED_BUTTONS)
    .map((r) => topicButton(r, tr.locale, r.label));
  const buttons = [firstRow, relatedRow].filter((row) => row.length > 0);
  return {
    embeds: [topicEmbed(topic, tr, part)],
    ...(buttons.length > 0 && { buttons }),
  };
}

/**
 * Topics in the order a reader meets them: the overview, then the fixed topics in the order the
 * source article covers them, then any others alphabetically.
 */
export function topicsInReadingOrder(knowledge: KnowledgeBase): Topic[] {
  const fixed: readonly string[] = REQUIRED_TOPIC_IDS;
  const rank = (id: string) => (fixed.includes(id) ? fixed.indexOf(id) : fixed.length);
  return [...knowledge.topics].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** The topic's own related topics that exist, in the order the knowledge file lists them. */
export function relatedTopics(knowledge: KnowledgeBase, topic: Topic): Topic[] {
  return topic.related.map((id) => knowledge.topic(id)).filter((t): t is Topic => t !== undefined);
}

/**
 * A public answer showing one part of a topic (all of it by default) with its own related topics;
 * `knowledge` is the knowledge base of `tr`'s language.
 */
export function answerTopic(
  knowledge: KnowledgeBase,
  topic: Topic,
  tr: Translator,
  part: TopicPart = { kind: 'whole' },
): Reply {
  return topicReply(topic, relatedTopics(knowledge, topic), tr, part);
}

/**
 * Makes user-typed text safe to echo inside an ephemeral notice: no control characters, no
 * backticks that would end the code span, and short enough not to crowd out the message.
 */
export function quoteUserText(text: string, max = 60): string {
  const clean = cleanUserText(text).replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return `\`${truncate(clean, max) || ' '}\``;
}
