/**
 * `/faq insights`'s reply: the grouped report (src/insights/insight-report.ts) as one private
 * message in the moderator's language, each group with a button that opens the FAQ suggestion
 * form pre-filled with its question (handled by commands/faq.ts).
 */
import { FAQ_IDS } from '../faq/faq-replies.js';
import { formatCalendarDate } from '../i18n/format.js';
import type { Translator } from '../i18n/messages.js';
import type { KnowledgeLibrary } from '../knowledge/knowledge-library.js';
import { truncate } from '../replies/fit.js';
import { DISCORD_LIMITS } from '../replies/limits.js';
import type { Reply, ReplyButton } from '../replies/reply.js';
import { discordLength } from '../replies/text-length.js';
import { groupInsights, type InsightGroup, MAX_REPORT_GROUPS, matcherTerms } from './insight-report.js';
import { INSIGHT_OUTCOMES, type Insight, type InsightGuess } from './insight-store.js';

/** A question's share of a line: long ones are cut so ten groups fit in one message. */
const QUESTION_CHARS = 120;

/** A guess as a moderator reads it: the topic's label in the question's language, or "FAQ #id". */
function guessLabel(guess: InsightGuess, group: InsightGroup, library: KnowledgeLibrary): string {
  const score = guess.score.toFixed(2);
  if (guess.topicId.startsWith('faq:')) return `FAQ #${guess.topicId.slice(4)} (${score})`;
  const label = library.in(group.locale).topic(guess.topicId)?.label ?? guess.topicId;
  return `${label} (${score})`;
}

/** One group as a line of the report, in `tr`'s language. */
export function insightLine(
  group: InsightGroup,
  rank: number,
  library: KnowledgeLibrary,
  tr: Translator,
): string {
  const outcomes = INSIGHT_OUTCOMES.filter((o) => group.outcomes[o] > 0)
    .map((o) => `${tr(`faq.insights.outcome.${o}`)} ×${group.outcomes[o]}`)
    .join(', ');
  const guesses =
    group.guesses.map((g) => guessLabel(g, group, library)).join(', ') || tr('faq.insights.noGuess');
  return tr('faq.insights.line', {
    rank,
    question: truncate(group.question, QUESTION_CHARS),
    times: group.count,
    outcomes,
    guesses,
  });
}

/**
 * The report of `records` (a server's, kept since `since`): the most frequent groups that fit in
 * one message, each with its suggestion button; a plain notice when there is nothing. `recording`
 * is whether the server keeps unanswered questions now: when it does not, the notice says so and
 * how to turn it on (an empty report would otherwise read as "nothing went unanswered"), and a
 * report of what was kept before says that nothing new is being added.
 */
export function insightsReport(
  records: readonly Insight[],
  since: number,
  library: KnowledgeLibrary,
  tr: Translator,
  recording = true,
): Reply {
  const date = formatCalendarDate(tr.locale, new Date(since).toISOString().slice(0, 10));
  const groups = groupInsights(records, matcherTerms(library)).slice(0, MAX_REPORT_GROUPS);
  if (groups.length === 0)
    return { content: tr(recording ? 'faq.insights.none' : 'faq.insights.notRecording', { date }) };
  let content = tr('faq.insights.title', { date });
  if (!recording) content += `\n${tr('faq.insights.recordingOffNote')}`;
  const buttons: ReplyButton[] = [];
  for (const [i, group] of groups.entries()) {
    const line = insightLine(group, i + 1, library, tr);
    if (discordLength(`${content}\n${line}`) > DISCORD_LIMITS.messageContent) break;
    content += `\n${line}`;
    buttons.push({
      customId: FAQ_IDS.fromInsight(group.insightId),
      label: truncate(tr('faq.insights.answer', { rank: i + 1 }), DISCORD_LIMITS.buttonLabel),
    });
  }
  const rows: ReplyButton[][] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow)
    rows.push(buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow));
  return { content, buttons: rows };
}
