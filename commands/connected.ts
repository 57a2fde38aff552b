/**
 * /connected [aspect]: the headline answer to "are Facebook and Instagram connected?" (the
 * `overview` topic's short answer, with a button for every aspect), or one aspect's short
 * answer with buttons for its sections and the whole topic.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { localiseCommand } from '../src/i18n/command-localisations.js';
import { DEFAULT_LOCALE, type Locale } from '../src/i18n/locales.js';
import { type Translator, translator } from '../src/i18n/messages.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { Topic } from '../src/knowledge/schema.js';
import { cleanUserText } from '../src/replies/clean-text.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { type HandlerResponse, message, type Reply } from '../src/replies/reply.js';
import {
  answerTopic,
  buttonRows,
  fullTopicButton,
  quoteUserText,
  shortLabel,
  topicButton,
  topicEmbed,
  topicsInReadingOrder,
} from '../src/replies/topic-reply.js';
import { UserError } from '../src/replies/user-error.js';
import type { Services } from '../src/services.js';
import type { CommandModule } from './types.js';

export const HEADLINE_TOPIC_ID = 'overview';
const SUGGESTIONS = 3;

const definition = localiseCommand({
  name: 'connected',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'aspect',
      required: false,
      autocomplete: true,
      max_length: DISCORD_LIMITS.choiceValue,
    },
  ],
});

/**
 * The headline: the overview's lead (its short answer) and sources, a button for every other
 * topic in reading order, and one for the whole overview, from `knowledge` in `tr`'s language.
 * Its visible text stays within ANSWER_BUDGETS.headlineVisible (kb:check and the tests hold the
 * overview's lead to that).
 */
export function headlineReply(knowledge: KnowledgeBase, tr: Translator): Reply {
  const overview = knowledge.topic(HEADLINE_TOPIC_ID);
  if (!overview) throw new Error(`the knowledge base has no "${HEADLINE_TOPIC_ID}" topic`);
  const aspects = topicsInReadingOrder(knowledge).filter((t) => t.id !== HEADLINE_TOPIC_ID);
  const rows = buttonRows([
    ...aspects.map((t) => topicButton(t, tr.locale, shortLabel(t))),
    fullTopicButton(overview, tr),
  ]);
  return {
    embeds: [topicEmbed(overview, tr, { kind: 'lead' })],
    ...(rows.length > 0 && { buttons: rows }),
  };
}

/**
 * headlineReply per knowledge base and language, built once: it depends on nothing else, and a
 * KnowledgeBase never changes (a reload is a new one). Replies are read-only, so one is shared.
 */
const headlines = new WeakMap<KnowledgeBase, Map<Locale, Reply>>();
function cachedHeadlineReply(knowledge: KnowledgeBase, locale: Locale): Reply {
  let byLocale = headlines.get(knowledge);
  if (!byLocale) {
    byLocale = new Map();
    headlines.set(knowledge, byLocale);
  }
  let reply = byLocale.get(locale);
  if (!reply) {
    reply = headlineReply(knowledge, translator(locale));
    byLocale.set(locale, reply);
  }
  return reply;
}

function normaliseAspect(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/**
 * An aspect by id, or by its exact title or short label in `locale` or English (ignoring case
 * and spacing), or else the topic the question index is confident the words mean ("ads" ->
 * advertising). The topic comes from `locale`'s knowledge base.
 */
export function findAspect(
  services: Pick<Services, 'library' | 'search'>,
  text: string,
  locale: Locale = DEFAULT_LOCALE,
): Topic | undefined {
  const knowledge = services.library.in(locale);
  const wanted = normaliseAspect(text);
  const byName = (base: KnowledgeBase) =>
    base.topics.find((t) => normaliseAspect(t.title) === wanted || normaliseAspect(shortLabel(t)) === wanted);
  const named = knowledge.topic(wanted) ?? byName(knowledge) ?? byName(services.library.english);
  if (named) return knowledge.topic(named.id);
  const { answer } = services.search.search(text, { locale });
  return answer?.kind === 'topic' ? knowledge.topic(answer.id) : undefined;
}

function unknownAspect(services: Services, aspect: string, tr: Translator): HandlerResponse {
  const knowledge = services.library.in(tr.locale);
  const suggestions = services.search
    .completeTopics(aspect, SUGGESTIONS, tr.locale)
    .map((hit) => knowledge.topic(hit.id))
    .filter((t): t is Topic => t !== undefined);
  const quoted = quoteUserText(aspect);
  if (suggestions.length === 0) throw new UserError('connected.unknownAspect', { aspect: quoted });
  return message({
    content: tr('connected.unknownAspectOffers', { aspect: quoted }),
    ephemeral: true,
    buttons: [suggestions.map((t) => topicButton(t, tr.locale))],
  });
}

export const connectedCommand: CommandModule = {
  definition,
  run(ctx, input) {
    const knowledge = ctx.services.library.in(ctx.locale);
    const tr = translator(ctx.locale);
    const aspect = cleanUserText(input.options.aspect);
    if (aspect === '') return message(cachedHeadlineReply(knowledge, ctx.locale));
    const topic = findAspect(ctx.services, aspect, ctx.locale);
    return topic
      ? message(answerTopic(knowledge, topic, tr, { kind: 'lead' }))
      : unknownAspect(ctx.services, aspect, tr);
  },
  autocomplete(ctx, input) {
    if (input.focused.name !== 'aspect') return [];
    return ctx.services.search
      .completeTopics(input.focused.value, DISCORD_LIMITS.autocompleteChoices, ctx.locale)
      .map((hit) => ({ name: hit.title, value: hit.id }));
  },
};
