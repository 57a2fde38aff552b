/**
 * How a knowledge topic looks as a reply, shared by /connected, /ask and /topics so every
 * answer has the same shape: topic title, body, sources as links, a review-date footer, the
 * same colour, and buttons that open related topics through /ask's button handler.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { REQUIRED_TOPIC_IDS, type Source, type Topic } from '../knowledge/schema.js';
import { cleanUserText } from './clean-text.js';
import { customId } from './custom-id.js';
import { truncate } from './fit.js';
import { DISCORD_LIMITS } from './limits.js';
import type { Reply, ReplyButton, ReplyEmbed } from './reply.js';

/** Meta blue, on every knowledge answer, so the bot's answers are recognisable in a busy channel. */
export const ANSWER_COLOR = 0x0866ff;

/** At most this many related-topic buttons under an answer. */
export const MAX_RELATED_BUTTONS = 3;

/** The custom id of a button that answers `topicId` publicly (handled by commands/ask.ts). */
export function topicButtonId(topicId: string): string {
  return customId('ask', 'topic', topicId);
}

/** The custom id of a button that answers community FAQ entry `entryId` (handled by commands/ask.ts). */
export function faqButtonId(entryId: string): string {
  return customId('ask', 'faq', entryId);
}

/** A compact label for a topic ("cross-posting" -> "Cross posting"), for lists of many buttons. */
export function shortLabel(topic: Pick<Topic, 'id'>): string {
  const words = topic.id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Button text cut to Discord's limit: titles (up to 100) and FAQ questions (up to 200) can be longer. */
export function buttonLabel(text: string): string {
  return truncate(text, DISCORD_LIMITS.buttonLabel);
}

export function topicButton(topic: Pick<Topic, 'id' | 'title'>, label: string = topic.title): ReplyButton {
  return { customId: topicButtonId(topic.id), label: buttonLabel(label), style: 'secondary' };
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

export function topicFooter(topic: Pick<Topic, 'reviewed'>): string {
  return `Last reviewed ${topic.reviewed} · /topics for more`;
}

/** The embed for one topic: title, body, sources. */
export function topicEmbed(topic: Topic): ReplyEmbed {
  return {
    title: topic.title,
    description: topic.body,
    color: ANSWER_COLOR,
    fields: topic.sources.length > 0 ? [{ name: 'Sources', value: formatSources(topic.sources) }] : [],
    footer: topicFooter(topic),
  };
}

/**
 * A public answer for `topic` with up to three related topics as buttons. `related` overrides
 * the topic's own related list (for example search alternatives); unknown ids are skipped.
 */
export function topicReply(topic: Topic, related: readonly Topic[]): Reply {
  const buttons = related
    .filter((r) => r.id !== topic.id)
    .slice(0, MAX_RELATED_BUTTONS)
    .map((r) => topicButton(r));
  return {
    embeds: [topicEmbed(topic)],
    ...(buttons.length > 0 && { buttons: [buttons] }),
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

/** A public answer for a topic with its own related topics as buttons. */
export function answerTopic(knowledge: KnowledgeBase, topic: Topic): Reply {
  return topicReply(topic, relatedTopics(knowledge, topic));
}

/**
 * Makes user-typed text safe to echo inside an ephemeral notice: no control characters, no
 * backticks that would end the code span, and short enough not to crowd out the message.
 */
export function quoteUserText(text: string, max = 60): string {
  const clean = cleanUserText(text).replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return `\`${truncate(clean, max) || ' '}\``;
}
