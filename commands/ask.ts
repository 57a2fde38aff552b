/**
 * /ask question: free-text question -> the section of a knowledge topic (or the community FAQ
 * entry of this server) that answers it, with buttons for the whole topic, its other sections
 * and related topics. No confident match gives a private "did you mean" list; a question that
 * is not the bot's subject gets a private refusal in words that fit its kind (from
 * knowledge/out-of-scope), and one in a language the bot does not read an honest notice. The
 * answer, its buttons and every follow-up are in the answer's language (SearchResult.locale),
 * from that language's knowledge base. Also answers the topic, section and FAQ buttons that other
 * replies carry (src/replies/topic-reply.ts).
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { entryReply } from '../src/faq/faq-replies.js';
import { localiseCommand } from '../src/i18n/command-localisations.js';
import { localiseCommandMentions } from '../src/i18n/command-mentions.js';
import type { Locale } from '../src/i18n/locales.js';
import { type Translator, translator } from '../src/i18n/messages.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { Topic } from '../src/knowledge/schema.js';
import { cleanUserText } from '../src/replies/clean-text.js';
import { localisedCustomId } from '../src/replies/custom-id.js';
import { truncate } from '../src/replies/fit.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
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
import type { CommandContext, CommandModule, ComponentInput } from './types.js';

export const ASK_QUESTION_MAX_LENGTH = 300;

const definition = localiseCommand({
  name: 'ask',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      required: true,
      max_length: ASK_QUESTION_MAX_LENGTH,
    },
  ],
});

/** A search hit as a button that answers it, in the answer's language. */
function hitButton(hit: SearchHit, locale: Locale): ReplyButton {
  return {
    customId: hit.kind === 'faq' ? faqButtonId(hit.id, locale) : topicButtonId(hit.id, locale),
    label: buttonLabel(hit.title),
    style: 'secondary',
  };
}

/**
 * The topic's own related topics first, then other close matches for the question, at most three,
 * from `knowledge` (the answer's language).
 */
function relatedForQuestion(
  knowledge: KnowledgeBase,
  topic: Topic,
  alternatives: readonly SearchHit[],
): Topic[] {
  const related = relatedTopics(knowledge, topic);
  for (const hit of alternatives) {
    if (related.length >= MAX_RELATED_BUTTONS) break;
    if (hit.kind !== 'topic' || hit.id === topic.id || related.some((t) => t.id === hit.id)) continue;
    const alternative = knowledge.topic(hit.id);
    if (alternative) related.push(alternative);
  }
  return related.slice(0, MAX_RELATED_BUTTONS);
}

/** Close topic matches for the question, as buttons under a community FAQ answer. */
function topicAlternatives(knowledge: KnowledgeBase, alternatives: readonly SearchHit[]): Topic[] {
  return alternatives
    .filter((hit) => hit.kind === 'topic')
    .map((hit) => knowledge.topic(hit.id))
    .filter((t): t is Topic => t !== undefined)
    .slice(0, MAX_RELATED_BUTTONS);
}

/**
 * A community FAQ entry of this server as a public answer, its surrounding words in `tr`'s
 * language; null when it is no longer approved.
 */
function faqAnswer(
  ctx: CommandContext,
  entryId: string,
  related: readonly Topic[],
  tr: Translator,
): Reply | null {
  if (ctx.guildId === null) return null;
  const entry = ctx.services.faq.getApproved(ctx.guildId, entryId);
  if (!entry) return null;
  const reply = entryReply(entry, tr);
  const buttons = [...(reply.buttons?.[0] ?? []), ...related.map((t) => topicButton(t, tr.locale))];
  return buttons.length > 0 ? { ...reply, buttons: [buttons] } : reply;
}

function answerHit(
  ctx: CommandContext,
  hit: SearchHit,
  alternatives: readonly SearchHit[],
  tr: Translator,
): HandlerResponse | null {
  const knowledge = ctx.services.library.in(tr.locale);
  if (hit.kind === 'faq') {
    const reply = faqAnswer(ctx, hit.id, topicAlternatives(knowledge, alternatives), tr);
    return reply ? message(reply) : null;
  }
  const topic = knowledge.topic(hit.id);
  if (!topic) return null;
  const part: TopicPart = hit.section ? { kind: 'section', id: hit.section } : { kind: 'lead' };
  return message(topicReply(topic, relatedForQuestion(knowledge, topic, alternatives), tr, part));
}

/**
 * The custom id of an answer's "Not what I asked" button. It carries the question (the only
 * place it is kept: nothing is stored until someone clicks), cut to what fits in Discord's
 * 100 characters; a longer question is recorded and searched again by its beginning.
 */
export function notWhatIAskedId(question: string, locale: Locale): string {
  const budget = DISCORD_LIMITS.customId - localisedCustomId(locale, 'ask', 'miss', '').length;
  let carried = '';
  // Whole code points only, so the id never ends in half an emoji; `.length` is what Discord counts against.
  for (const char of question) {
    if (carried.length + char.length > budget) break;
    carried += char;
  }
  return localisedCustomId(locale, 'ask', 'miss', carried);
}

/** An answer with one more button, "Not what I asked", in a row of its own while there is room for one. */
function withNotWhatIAsked(response: HandlerResponse, question: string, tr: Translator): HandlerResponse {
  if (response.kind !== 'message') return response;
  const button: ReplyButton = {
    customId: notWhatIAskedId(question, tr.locale),
    label: truncate(tr('ask.notWhatIAsked'), DISCORD_LIMITS.buttonLabel),
    style: 'secondary',
  };
  const rows = [...(response.reply.buttons ?? [])];
  const last = rows.at(-1);
  // A row of its own keeps it apart from the topic's buttons; a full message shares the last row.
  if (rows.length < DISCORD_LIMITS.actionRows) rows.push([button]);
  else if (last && last.length < DISCORD_LIMITS.buttonsPerRow) rows[rows.length - 1] = [...last, button];
  else return response;
  return message({ ...response.reply, buttons: rows });
}

/**
 * A click on "Not what I asked": recorded once per person and answer (no user id kept: see
 * src/insights/insight-store.ts), answered privately with the other close matches.
 */
async function notWhatIAsked(ctx: CommandContext, input: ComponentInput): Promise<HandlerResponse> {
  const question = input.args.join(':');
  const tr = translator(input.locale);
  const result = ctx.services.search.search(question, { guildId: ctx.guildId, locale: input.locale });
  const knowledge = ctx.services.library.in(result.locale);
  const hits = [...(result.answer ? [result.answer] : []), ...result.alternatives].filter(
    (hit) => hit.kind === 'faq' || knowledge.topic(hit.id),
  );
  try {
    await ctx.services.insights.recordNotHelpful(
      { guildId: ctx.guildId, question, guesses: hits, locale: result.locale },
      ctx.user.id,
      input.messageId ?? '',
    );
  } catch (error) {
    // The member still gets the other matches; the failure is the bot's, so it is logged.
    ctx.services.logger.error({ err: error }, 'could not record a "not what I asked" click');
  }
  // The answer shown was the best match: the offers are the ones after it.
  const offers = (result.answer ? hits.slice(1) : hits).slice(0, MAX_RELATED_BUTTONS);
  if (offers.length === 0) return ephemeral(tr('ask.missNoOffers'));
  return message({
    content: tr('ask.missOffers'),
    ephemeral: true,
    buttons: [offers.map((hit) => hitButton(hit, tr.locale))],
  });
}

/** The private reply when there is no answer: did-you-mean offers, or why not, in `tr`'s language. */
function noAnswer(
  knowledge: KnowledgeBase,
  result: SearchResult,
  alternatives: readonly SearchHit[],
  tr: Translator,
): HandlerResponse {
  if (result.reason === 'language') return ephemeral(tr('ask.language'));
  const offers = alternatives.slice(0, MAX_RELATED_BUTTONS);
  if (offers.length > 0) {
    return message({
      content: tr('ask.notConfident'),
      ephemeral: true,
      buttons: [offers.map((hit) => hitButton(hit, tr.locale))],
    });
  }
  const kind = result.refusal && knowledge.outOfScope.find((k) => k.id === result.refusal?.kind);
  return ephemeral(kind ? localiseCommandMentions(kind.reply, tr.locale) : tr('ask.offTopic'));
}

async function ask(ctx: CommandContext, rawQuestion: unknown): Promise<HandlerResponse> {
  const { services } = ctx;
  const question = cleanUserText(rawQuestion);
  if (question === '') throw new UserError('ask.empty');
  const length = discordLength(question);
  if (length > ASK_QUESTION_MAX_LENGTH) {
    throw new UserError('ask.tooLong', { length, max: ASK_QUESTION_MAX_LENGTH });
  }
  const waitMs = await services.cooldowns.take(
    `ask:${ctx.user.id}`,
    services.config.ASK_COOLDOWN_SECONDS * 1000,
  );
  if (waitMs > 0) throw new UserError('ask.cooldown', { seconds: Math.ceil(waitMs / 1000) });

  const result = services.search.search(question, { guildId: ctx.guildId, locale: ctx.locale });
  // The answer, its buttons and its follow-ups are in the answer's language, not the asker's.
  const tr = translator(result.locale);
  if (result.answer) {
    // An FAQ entry another process removed a moment ago: the next-best match that still exists answers.
    const candidates = [result.answer, ...result.alternatives];
    for (const [i, hit] of candidates.entries()) {
      const answered = answerHit(ctx, hit, candidates.slice(i + 1), tr);
      if (answered) return withNotWhatIAsked(answered, question, tr);
      services.logger.warn(
        { hit: { kind: hit.kind, id: hit.id } },
        'search answered with an entry that is no longer there',
      );
    }
  }
  const knowledge = services.library.in(result.locale);
  const offers = result.alternatives.filter((hit) => hit.kind === 'faq' || knowledge.topic(hit.id));
  // An unanswered question is kept for /faq insights (not in DMs, not when the server said no);
  // a question in a language the bot does not read is not a gap in the knowledge base.
  if (result.reason === 'off-topic' || result.reason === 'not-confident') {
    await services.insights.recordUnanswered({
      guildId: ctx.guildId,
      question,
      outcome: result.reason,
      guesses: offers,
      locale: result.locale,
    });
  }
  return noAnswer(knowledge, result, offers, tr);
}

export const askCommand: CommandModule = {
  definition,
  run: (ctx, input) => ask(ctx, input.options.question),
  component(ctx, input) {
    const [id = ''] = input.args;
    // What the button shows is in the language of the message it is on, whoever clicks.
    const tr = translator(input.locale);
    if (input.action === 'topic' || input.action === 'full' || input.action === 'section') {
      const knowledge = ctx.services.library.in(input.locale);
      const topic = knowledge.topic(id);
      if (!topic) throw new UserError('ask.topicGone');
      const [, sectionId = ''] = input.args;
      if (input.action === 'section' && !topic.sections.some((s) => s.id === sectionId)) {
        throw new UserError('ask.sectionGone');
      }
      const part: TopicPart =
        input.action === 'full'
          ? { kind: 'whole' }
          : input.action === 'section'
            ? { kind: 'section', id: sectionId }
            : { kind: 'lead' };
      return message(answerTopic(knowledge, topic, tr, part));
    }
    if (input.action === 'miss') return notWhatIAsked(ctx, input);
    if (input.action === 'faq') {
      const reply = faqAnswer(ctx, id, [], tr);
      if (!reply) throw new UserError('ask.faqGone');
      return message(reply);
    }
    throw new UserError('common.buttonGone');
  },
};
