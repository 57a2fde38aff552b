/**
 * /privacy-tip [tip]: posts a privacy tip in the channel now, publicly: the one asked for
 * (autocomplete over titles and ids), or the next in the server's rotation, which advances it.
 * One tip per channel a minute, answered privately otherwise.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { Tip } from '../src/knowledge/schema.js';
import { cleanUserText } from '../src/replies/clean-text.js';
import { DISCORD_LIMITS } from '../src/replies/limits.js';
import { ephemeral, message } from '../src/replies/reply.js';
import { quoteUserText } from '../src/replies/topic-reply.js';
import { UserError } from '../src/replies/user-error.js';
import { tipReply } from '../src/tips/tip-message.js';
import type { Choice, CommandContext, CommandDefinition, CommandModule } from './types.js';

const definition = {
  name: 'privacy-tip',
  description: 'Post a practical privacy tip for Facebook, Instagram and the other Meta apps',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'tip',
      description: 'A tip by title; leave empty for the next one in this server’s rotation',
      required: false,
      autocomplete: true,
      max_length: DISCORD_LIMITS.choiceValue,
    },
  ],
} satisfies CommandDefinition;

const normalise = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

/** A tip by its id or its exact title (ignoring case and spacing). */
function findTip(knowledge: KnowledgeBase, asked: string): Tip | undefined {
  return knowledge.tip(asked) ?? knowledge.tips.find((t) => normalise(t.title) === normalise(asked));
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
    const { knowledge, tips, cooldowns } = ctx.services;
    const asked = cleanUserText(input.options.tip);
    const chosen = asked === '' ? undefined : findTip(knowledge, asked);
    if (asked !== '' && !chosen) {
      throw new UserError(
        `I don't have a tip called ${quoteUserText(asked)}. Pick one from the list as you type, or leave the option empty for the next tip.`,
      );
    }
    // Taken before the rotation moves, so a burst of calls neither floods the channel nor
    // skips the server's scheduled tips ahead.
    const waitMs = await cooldowns.take(cooldownKey(ctx), PRIVACY_TIP_COOLDOWN_SECONDS * 1000);
    if (waitMs > 0) {
      return ephemeral(`A tip was just posted here; try again in ${Math.ceil(waitMs / 1000)} s.`);
    }
    const tip = chosen ?? (await tips.takeNextTip(ctx.guildId ?? `dm:${ctx.user.id}`));
    if (!tip) throw new UserError('There are no privacy tips to show yet.');
    return message(tipReply(tip, knowledge));
  },
  autocomplete(ctx, input): Choice[] {
    if (input.focused.name !== 'tip') return [];
    return completeTips(
      ctx.services.knowledge.tips,
      input.focused.value,
      DISCORD_LIMITS.autocompleteChoices,
    ).map((tip) => ({ name: tip.title, value: tip.id }));
  },
};
