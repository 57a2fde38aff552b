/**
 * /ask question: free-text question -> the best knowledge topic or community FAQ entry of
 * this server, with related topics as buttons. No confident match gives a private "did you
 * mean" list, or an honest "I don't know that one" for off-topic questions. Also answers the
 * topic and FAQ buttons that other replies carry (custom ids from src/replies/topic-reply.ts).
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { entryReply } from '../src/faq/faq-replies.js';
import type { Topic } from '../src/knowledge/schema.js';
import { cleanUserText } from '../src/replies/clean-text.js';
import {
  ephemeral,
  type HandlerResponse,
  message,
  type Reply,
  type ReplyButton,
} from '../src/replies/reply.js';
import {
  answerTopic,
  buttonLabel,
  faqButtonId,
  MAX_RELATED_BUTTONS,
  relatedTopics,
  topicButton,
  topicButtonId,
  topicReply,
} from '../src/replies/topic-reply.js';
import { discordLength } from '../src/replies/text-length.js';
import { UserError } from '../src/replies/user-error.js';
import type { SearchHit } from '../src/search/types.js';
import type { Services } from '../src/services.js';
import type { CommandContext, CommandDefinition, CommandModule } from './types.js';

export const ASK_QUESTION_MAX_LENGTH = 300;

export const EMPTY_QUESTION_MESSAGE =
  'Type a question after `/ask`, for example `/ask are facebook and instagram connected`.';
export const NOT_CONFIDENT_MESSAGE = "I don't have a confident answer to that. Did you mean one of these?";
export const OFF_TOPIC_MESSAGE =
  "I don't know that one. I only answer questions about how Facebook, Instagram, Messenger and Meta's other apps are connected. Try `/topics` to see what I can explain.";

const definition = {
  name: 'ask',
  description: "Ask how Facebook, Instagram, Messenger and Meta's other apps are connected",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'Your question, e.g. "how do ads follow me from fb to insta"',
      required: true,
      max_length: ASK_QUESTION_MAX_LENGTH,
    },
  ],
} satisfies CommandDefinition;

function hitButton(hit: SearchHit): ReplyButton {
  return {
    customId: hit.kind === 'faq' ? faqButtonId(hit.id) : topicButtonId(hit.id),
    label: buttonLabel(hit.title),
    style: 'secondary',
  };
}

/** The topic's own related topics first, then other close matches for the question, at most three. */
function relatedForQuestion(services: Services, topic: Topic, alternatives: readonly SearchHit[]): Topic[] {
  const related = relatedTopics(services.knowledge, topic);
  for (const hit of alternatives) {
    if (related.length >= MAX_RELATED_BUTTONS) break;
    if (hit.kind !== 'topic' || hit.id === topic.id || related.some((t) => t.id === hit.id)) continue;
    const alternative = services.knowledge.topic(hit.id);
    if (alternative) related.push(alternative);
  }
  return related.slice(0, MAX_RELATED_BUTTONS);
}

/** Close topic matches for the question, as buttons under a community FAQ answer. */
function topicAlternatives(services: Services, alternatives: readonly SearchHit[]): Topic[] {
  return alternatives
    .filter((hit) => hit.kind === 'topic')
    .map((hit) => services.knowledge.topic(hit.id))
    .filter((t): t is Topic => t !== undefined)
    .slice(0, MAX_RELATED_BUTTONS);
}

/** A community FAQ entry of this server as a public answer; null when it is no longer approved. */
function faqAnswer(ctx: CommandContext, entryId: string, related: readonly Topic[]): Reply | null {
  if (ctx.guildId === null) return null;
  const entry = ctx.services.faq.getApproved(ctx.guildId, entryId);
  if (!entry) return null;
  const reply = entryReply(entry);
  const buttons = [...(reply.buttons?.[0] ?? []), ...related.map((t) => topicButton(t))];
  return buttons.length > 0 ? { ...reply, buttons: [buttons] } : reply;
}

function answerHit(
  ctx: CommandContext,
  hit: SearchHit,
  alternatives: readonly SearchHit[],
): HandlerResponse | null {
  const { services } = ctx;
  if (hit.kind === 'faq') {
    const reply = faqAnswer(ctx, hit.id, topicAlternatives(services, alternatives));
    return reply ? message(reply) : null;
  }
  const topic = services.knowledge.topic(hit.id);
  if (!topic) return null;
  return message(topicReply(topic, relatedForQuestion(services, topic, alternatives)));
}

function noConfidentAnswer(alternatives: readonly SearchHit[]): HandlerResponse {
  const offers = alternatives.slice(0, MAX_RELATED_BUTTONS);
  if (offers.length === 0) return ephemeral(OFF_TOPIC_MESSAGE);
  return message({ content: NOT_CONFIDENT_MESSAGE, ephemeral: true, buttons: [offers.map(hitButton)] });
}

function ask(ctx: CommandContext, rawQuestion: unknown): HandlerResponse {
  const { services } = ctx;
  const question = cleanUserText(rawQuestion);
  if (question === '') return ephemeral(EMPTY_QUESTION_MESSAGE);
  if (discordLength(question) > ASK_QUESTION_MAX_LENGTH) {
    return ephemeral(
      `That question is ${discordLength(question)} characters long; please keep it to ${ASK_QUESTION_MAX_LENGTH} or fewer.`,
    );
  }
  const waitMs = services.cooldowns.take(`ask:${ctx.user.id}`, services.config.ASK_COOLDOWN_SECONDS * 1000);
  if (waitMs > 0) return ephemeral(`Slow down: try again in ${Math.ceil(waitMs / 1000)} s.`);

  const result = services.search.search(question, { guildId: ctx.guildId });
  if (result.answer) {
    const answered = answerHit(ctx, result.answer, result.alternatives);
    if (answered) return answered;
    services.logger.warn({ hit: result.answer }, 'search answered with an entry that is no longer there');
  }
  return noConfidentAnswer(
    result.alternatives.filter((hit) => hit.kind === 'faq' || services.knowledge.topic(hit.id)),
  );
}

export const askCommand: CommandModule = {
  definition,
  run: (ctx, input) => ask(ctx, input.options.question),
  component(ctx, input) {
    const [id = ''] = input.args;
    if (input.action === 'topic') {
      const topic = ctx.services.knowledge.topic(id);
      if (!topic) {
        throw new UserError("That topic doesn't exist any more. See `/topics` for the current list.");
      }
      return message(answerTopic(ctx.services.knowledge, topic));
    }
    if (input.action === 'faq') {
      const reply = faqAnswer(ctx, id, []);
      if (!reply) throw new UserError("That community FAQ entry isn't available any more. Try `/faq list`.");
      return message(reply);
    }
    throw new UserError('That button no longer works. Run the command again.');
  },
};
