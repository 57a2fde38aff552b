/**
 * /connected [aspect]: the headline answer to "are Facebook and Instagram connected?" (the
 * `overview` topic's short answer, with a button for every aspect), or one aspect's short
 * answer with buttons for its sections and the whole topic.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { Topic } from '../src/knowledge/schema.js';
import { cleanUserText } from '../src/replies/clean-text.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { ephemeral, type HandlerResponse, message, type Reply } from '../src/replies/reply.js';
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
import type { Services } from '../src/services.js';
import type { CommandDefinition, CommandModule } from './types.js';

export const HEADLINE_TOPIC_ID = 'overview';
const SUGGESTIONS = 3;

const definition = {
  name: 'connected',
  description: 'Are Facebook and Instagram connected? The short answer, or one aspect in detail',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'aspect',
      description: 'One aspect, e.g. advertising, shared-login or messaging',
      required: false,
      autocomplete: true,
      max_length: DISCORD_LIMITS.choiceValue,
    },
  ],
} satisfies CommandDefinition;

/**
 * The headline: the overview's lead (its short answer) and sources, a button for every other
 * topic in reading order, and one for the whole overview. Its visible text stays within
 * ANSWER_BUDGETS.headlineVisible (kb:check and the tests hold the overview's lead to that).
 */
export function headlineReply(knowledge: KnowledgeBase): Reply {
  const overview = knowledge.topic(HEADLINE_TOPIC_ID);
  if (!overview) throw new Error(`the knowledge base has no "${HEADLINE_TOPIC_ID}" topic`);
  const aspects = topicsInReadingOrder(knowledge).filter((t) => t.id !== HEADLINE_TOPIC_ID);
  const rows = buttonRows([...aspects.map((t) => topicButton(t, shortLabel(t))), fullTopicButton(overview)]);
  return { embeds: [topicEmbed(overview, { kind: 'lead' })], ...(rows.length > 0 && { buttons: rows }) };
}

/**
 * headlineReply for a knowledge base, built once: it depends on nothing else, and a
 * KnowledgeBase never changes (a reload is a new one). Replies are read-only, so one is shared.
 */
const headlines = new WeakMap<KnowledgeBase, Reply>();
function cachedHeadlineReply(knowledge: KnowledgeBase): Reply {
  let reply = headlines.get(knowledge);
  if (!reply) {
    reply = headlineReply(knowledge);
    headlines.set(knowledge, reply);
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
 * An aspect by id, or by its exact title or short label (ignoring case and spacing), or else
 * the topic the question index is confident the words mean ("ads" -> advertising).
 */
export function findAspect(
  services: Pick<Services, 'knowledge' | 'search'>,
  text: string,
): Topic | undefined {
  const { knowledge } = services;
  const wanted = normaliseAspect(text);
  const named =
    knowledge.topic(wanted) ??
    knowledge.topics.find(
      (t) => normaliseAspect(t.title) === wanted || normaliseAspect(shortLabel(t)) === wanted,
    );
  if (named) return named;
  const { answer } = services.search.search(text);
  return answer?.kind === 'topic' ? knowledge.topic(answer.id) : undefined;
}

function unknownAspect(services: Services, aspect: string): HandlerResponse {
  const suggestions = services.search
    .completeTopics(aspect, SUGGESTIONS)
    .map((hit) => services.knowledge.topic(hit.id))
    .filter((t): t is Topic => t !== undefined);
  const quoted = quoteUserText(aspect);
  if (suggestions.length === 0) {
    return ephemeral(
      `I don't know an aspect called ${quoted}. Pick one from the list as you type, or see \`/topics\` for all of them.`,
    );
  }
  return message({
    content: `I don't know an aspect called ${quoted}. Did you mean one of these?`,
    ephemeral: true,
    buttons: [suggestions.map((t) => topicButton(t))],
  });
}

export const connectedCommand: CommandModule = {
  definition,
  run(ctx, input) {
    const { knowledge } = ctx.services;
    const aspect = cleanUserText(input.options.aspect);
    if (aspect === '') return message(cachedHeadlineReply(knowledge));
    const topic = findAspect(ctx.services, aspect);
    return topic
      ? message(answerTopic(knowledge, topic, { kind: 'lead' }))
      : unknownAspect(ctx.services, aspect);
  },
  autocomplete(ctx, input) {
    if (input.focused.name !== 'aspect') return [];
    return ctx.services.search
      .completeTopics(input.focused.value, DISCORD_LIMITS.autocompleteChoices)
      .map((hit) => ({ name: hit.title, value: hit.id }));
  },
};
