/**
 * /topics: every knowledge topic with its one-line summary, and a button to open each one
 * when they all fit Discord's 5 rows of 5 buttons.
 */
import { localiseCommand } from '../src/i18n/command-localisations.js';
import { type Translator, translator } from '../src/i18n/messages.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { embedTextLength } from '../src/replies/fit.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { message, type Reply, type ReplyEmbed, type ReplyEmbedField } from '../src/replies/reply.js';
import { discordLength } from '../src/replies/text-length.js';
import {
  ANSWER_COLOR,
  buttonRows,
  shortLabel,
  topicButton,
  topicsInReadingOrder,
} from '../src/replies/topic-reply.js';
import type { CommandModule } from './types.js';

const definition = localiseCommand({ name: 'topics' });

const MAX_BUTTONS = DISCORD_LIMITS.actionRows * DISCORD_LIMITS.buttonsPerRow;

/** Every topic of `knowledge` (in `tr`'s language) with its summary, and buttons that open them. */
export function topicsReply(knowledge: KnowledgeBase, tr: Translator): Reply {
  const topics = topicsInReadingOrder(knowledge);
  const embed: ReplyEmbed = {
    title: tr('topics.title'),
    description: tr('topics.description'),
    color: ANSWER_COLOR,
  };
  const footerFor = (shown: number) =>
    shown === topics.length
      ? tr('topics.footerAll', { count: topics.length })
      : tr('topics.footerSome', { shown, count: topics.length });
  // Reserve room for the longest footer so adding it cannot push the embed over the total.
  let budget = DISCORD_LIMITS.embedsTotal - embedTextLength(embed) - discordLength(footerFor(0)) - 10;
  const fields: ReplyEmbedField[] = [];
  for (const topic of topics) {
    const field = { name: topic.title, value: `${topic.summary}\n\`${topic.id}\`` };
    const size = discordLength(field.name) + discordLength(field.value);
    if (fields.length >= DISCORD_LIMITS.embedFields || size > budget) break;
    fields.push(field);
    budget -= size;
  }
  const buttons =
    topics.length > 0 && topics.length <= MAX_BUTTONS
      ? buttonRows(topics.map((t) => topicButton(t, tr.locale, shortLabel(t))))
      : [];
  return {
    embeds: [{ ...embed, fields, footer: footerFor(fields.length) }],
    ...(buttons.length > 0 && { buttons }),
  };
}

export const topicsCommand: CommandModule = {
  definition,
  run: (ctx) => message(topicsReply(ctx.services.library.in(ctx.locale), translator(ctx.locale))),
};
