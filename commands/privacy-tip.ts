/**
 * /privacy-tip [tip]: posts a privacy tip in the channel now, publicly: the one asked for
 * (autocomplete over titles and ids), or the next in the server's rotation, which advances it.
 * One tip per channel a minute, answered privately otherwise.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { localiseCommand } from '../src/i18n/command-localisations.js';
import { translator } from '../src/i18n/messages.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { Tip } from '../src/knowledge/schema.js';
import { cleanUserText } from '../src/replies/clean-text.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { message } from '../src/replies/reply.js';
import { quoteUserText } from '../src/replies/topic-reply.js';
import { UserError } from '../src/replies/user-error.js';
import { tipReply } from '../src/tips/tip-message.js';
import type { Choice, CommandContext, CommandModule } from './types.js';

const definition = localiseCommand({
  name: 'privacy-tip',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'tip',
      required: false,
      autocomplete: true,
      max_length: DISCORD_LIMITS.choiceValue,
    },
  ],
});

const normalise = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

/**
 * A tip by its id or its exact title (ignoring case and spacing) in the reader's language or in
 * English, from the reader's language's knowledge base.
 */
function findTip(knowledge: KnowledgeBase, english: KnowledgeBase, asked: string): Tip | undefined {
  const byTitle = (base: KnowledgeBase) => base.tips.find((t) => normalise(t.title) === normalise(asked));
  const found = knowledge.tip(asked) ?? byTitle(knowledge) ?? byTitle(english);
  return found && knowledge.tip(found.id);
}

/** One tip per channel (per person in direct messages) in this many seconds. */
export const PRIVACY_TIP_COOLDOWN_SECONDS = 60;

function cooldownKey(ctx: CommandContext): string {
  return `privacy-tip:${ctx.channelId ?? `dm:${ctx.user.id}`}`;
}

/**
 * Tips for what was typed, best first: exact id or title; id or title starting with it; a word
 * of the id or title starting with it; id or title containing it; a tag; the text. Prefixes come
 * first so that `lo` offers "login-alerts" before tips that merely contain "lo" (as in "allow"),
 * and a terminal's Tab can complete what they share.
 */
export function completeTips(tips: readonly Tip[], partial: string, limit: number): Tip[] {
  const query = normalise(partial);
  if (query === '') return [...tips].sort((a, b) => a.title.localeCompare(b.title)).slice(0, limit);
  const wordStarts = (text: string) => text.split(' ').some((word) => word.startsWith(query));
  const rank = (tip: Tip): number => {
    const id = normalise(tip.id);
    const title = normalise(tip.title);
    if (id === query || title === query) return 0;
    if (id.startsWith(query) || title.startsWith(query)) return 1;
    if (wordStarts(id) || wordStarts(title)) return 2;
    if (title.includes(query) || id.includes(query)) return 3;
    if (tip.tags.some((tag) => normalise(tag).includes(query))) return 4;
    if (normalise(`${tip.where} ${tip.body}`).includes(query)) return 5;
    return -1;
  };
  return tips
    .map((tip) => ({ tip, rank: rank(tip) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.tip.title.localeCompare(b.tip.title))
    .slice(0, limit)
    .map((r) => r.tip);
}

export const privacyTipCommand: CommandModule = {
  definition,
  async run(ctx, input) {
    const { library, tips, cooldowns } = ctx.services;
    const knowledge = library.in(ctx.locale);
    const asked = cleanUserText(input.options.tip);
    const chosen = asked === '' ? undefined : findTip(knowledge, library.english, asked);
    if (asked !== '' && !chosen) throw new UserError('tip.unknown', { tip: quoteUserText(asked) });
    // Taken before the rotation moves, so a burst of calls neither floods the channel nor
    // skips the server's scheduled tips ahead.
    const waitMs = await cooldowns.take(cooldownKey(ctx), PRIVACY_TIP_COOLDOWN_SECONDS * 1000);
    if (waitMs > 0) throw new UserError('tip.cooldown', { seconds: Math.ceil(waitMs / 1000) });
    const next = chosen ?? (await tips.takeNextTip(ctx.guildId ?? `dm:${ctx.user.id}`));
    if (!next) throw new UserError('tip.none');
    return message(tipReply(knowledge.tip(next.id) ?? next, knowledge, translator(ctx.locale)));
  },
  autocomplete(ctx, input): Choice[] {
    if (input.focused.name !== 'tip') return [];
    return completeTips(
      ctx.services.library.in(ctx.locale).tips,
      input.focused.value,
      DISCORD_LIMITS.autocompleteChoices,
    ).map((tip) => ({ name: tip.title, value: tip.id }));
  },
};
