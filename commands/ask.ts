/**
 * /ask question: free-text question -> the section of a knowledge topic (or the community FAQ
 * entry of this server) that answers it, with buttons for the whole topic, its other sections
 * and related topics. No confident match gives a private "did you mean" list; a question that
 * is not the bot's subject gets a private refusal in words that fit its kind (from
 * knowledge/out-of-scope), and one in another language an honest notice. Also answers the
 * topic, section and FAQ buttons that other replies carry (src/replies/topic-reply.ts).
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
import { discordLength } from '../src/replies/text-length.js';
import {
  answerTopic,
  buttonLabel,
  faqButtonId,
  MAX_RELATED_BUTTONS,
  relatedTopics,
  type TopicPart,
  topicButton,
  topicButtonId,
  topicReply,
} from '../src/replies/topic-reply.js';
import { UserError } from '../src/replies/user-error.js';
import type { SearchHit, SearchResult } from '../src/search/types.js';
import type { Services } from '../src/services.js';
import type { CommandContext, CommandDefinition, CommandModule } from './types.js';

export const ASK_QUESTION_MAX_LENGTH = 300;

export const EMPTY_QUESTION_MESSAGE =
  'Type a question after `/ask`, for example `/ask are facebook and instagram connected`.';
export const NOT_CONFIDENT_MESSAGE = "I don't have a confident answer to that. Did you mean one of these?";
export const OFF_TOPIC_MESSAGE =
  "I don't know that one. I only answer questions about how Facebook, Instagram, Messenger and Meta's other apps are connected. Try `/topics` to see what I can explain.";
export const LANGUAGE_MESSAGE =
  'Sorry, I can only answer in English for now, so I could not read that question. Please ask it in English, for example `/ask are facebook and instagram connected`.';

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
  const part: TopicPart = hit.section ? { kind: 'section', id: hit.section } : { kind: 'lead' };
  return message(topicReply(topic, relatedForQuestion(services, topic, alternatives), part));
}

/** The private reply when there is no answer: did-you-mean offers, or why not. */
function noAnswer(
  services: Services,
  result: SearchResult,
  alternatives: readonly SearchHit[],
): HandlerResponse {
  if (result.reason === 'language') return ephemeral(LANGUAGE_MESSAGE);
  const offers = alternatives.slice(0, MAX_RELATED_BUTTONS);
  if (offers.length > 0) {
    return message({ content: NOT_CONFIDENT_MESSAGE, ephemeral: true, buttons: [offers.map(hitButton)] });
  }
  const kind = result.refusal && services.knowledge.outOfScope.find((k) => k.id === result.refusal?.kind);
  return ephemeral(kind ? kind.reply : OFF_TOPIC_MESSAGE);
}

async function ask(ctx: CommandContext, rawQuestion: unknown): Promise<HandlerResponse> {
  const { services } = ctx;
  const question = cleanUserText(rawQuestion);
  if (question === '') return ephemeral(EMPTY_QUESTION_MESSAGE);
  if (discordLength(question) > ASK_QUESTION_MAX_LENGTH) {
    return ephemeral(
      `That question is ${discordLength(question)} characters long; please keep it to ${ASK_QUESTION_MAX_LENGTH} or fewer.`,
    );
  }
  const waitMs = await services.cooldowns.take(
    `ask:${ctx.user.id}`,
    services.config.ASK_COOLDOWN_SECONDS * 1000,
  );
  if (waitMs > 0) return ephemeral(`Slow down: try again in ${Math.ceil(waitMs / 1000)} s.`);

  const result = services.search.search(question, { guildId: ctx.guildId, locale: ctx.locale });
  if (result.answer) {
    // An FAQ entry another process removed a moment ago: the next-best match that still exists answers.
    const candidates = [result.answer, ...result.alternatives];
    for (const [i, hit] of candidates.entries()) {
      const answered = answerHit(ctx, hit, candidates.slice(i + 1));
      if (answered) return answered;
      services.logger.warn(
        { hit: { kind: hit.kind, id: hit.id } },
        'search answered with an entry that is no longer there',
      );
    }
  }
  return noAnswer(
    services,
    result,
    result.alternatives.filter((hit) => hit.kind === 'faq' || services.knowledge.topic(hit.id)),
  );
}

export const askCommand: CommandModule = {
  definition,
  run: (ctx, input) => ask(ctx, input.options.question),
  component(ctx, input) {
    const [id = ''] = input.args;
    if (input.action === 'topic' || input.action === 'full' || input.action === 'section') {
      const topic = ctx.services.knowledge.topic(id);
      if (!topic) {
        throw new UserError("That topic doesn't exist any more. See `/topics` for the current list.");
      }
      const [, sectionId = ''] = input.args;
      if (input.action === 'section' && !topic.sections.some((s) => s.id === sectionId)) {
        throw new UserError(
          "That part of the topic doesn't exist any more. Here is `/topics` for the current list.",
        );
      }
      const part: TopicPart =
        input.action === 'full'
          ? { kind: 'whole' }
          : input.action === 'section'
            ? { kind: 'section', id: sectionId }
            : { kind: 'lead' };
      return message(answerTopic(ctx.services.knowledge, topic, part));
    }
    if (input.action === 'faq') {
      const reply = faqAnswer(ctx, id, []);
      if (!reply) throw new UserError("That community FAQ entry isn't available any more. Try `/faq list`.");
      return message(reply);
    }
    throw new UserError('That button no longer works. Run the command again.');
  },
};
