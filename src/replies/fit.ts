/**
 * Makes any Reply fit Discord's limits. Called at the outgoing choke points
 * (Discord payload, console rendering) so that no handler can produce a message
 * Discord would reject, whatever text a knowledge file or a user put in it.
 */
import { DISCORD_LIMITS as L } from './limits.js';
import type { Reply, ReplyButton, ReplyEmbed, ReplyEmbedField, ReplyLinkButton } from './reply.js';

const ELLIPSIS = '…';

/**
 * Cuts text to at most `max` UTF-16 code units, ending with an ellipsis when cut. A string within
 * that never has more characters (code points) than `max` either, however Discord counts them.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - ELLIPSIS.length);
  // Never leave half of a surrogate pair at the end.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** Text length of an embed as Discord counts it towards the 6,000-character message total. */
export function embedTextLength(embed: ReplyEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

function fitField(field: ReplyEmbedField): ReplyEmbedField {
  return {
    ...field,
    name: truncate(field.name, L.embedFieldName) || '\u200b',
    value: truncate(field.value, L.embedFieldValue) || '\u200b',
  };
}

function fitEmbed(embed: ReplyEmbed, budget: number): ReplyEmbed {
  const title = embed.title === undefined ? undefined : truncate(embed.title, Math.min(L.embedTitle, budget));
  let remaining = budget - (title?.length ?? 0);
  const footer =
    embed.footer === undefined ? undefined : truncate(embed.footer, Math.min(L.embedFooterText, remaining));
  remaining -= footer?.length ?? 0;
  const description =
    embed.description === undefined
      ? undefined
      : truncate(embed.description, Math.min(L.embedDescription, Math.max(0, remaining)));
  remaining -= description?.length ?? 0;
  const fields: ReplyEmbedField[] = [];
  for (const field of (embed.fields ?? []).slice(0, L.embedFields)) {
    const fitted = fitField(field);
    const size = fitted.name.length + fitted.value.length;
    if (size > remaining) break;
    fields.push(fitted);
    remaining -= size;
  }
  const fitted: ReplyEmbed = { ...embed };
  return {
    ...fitted,
    ...(title !== undefined && { title }),
    ...(footer !== undefined && { footer }),
    ...(description !== undefined && { description }),
    ...(embed.fields !== undefined && { fields }),
  };
}

function fitButton(button: ReplyButton | ReplyLinkButton): ReplyButton | ReplyLinkButton {
  return { ...button, label: truncate(button.label, L.buttonLabel) || '…' };
}

/** Returns a copy of `reply` that satisfies every Discord message limit. */
export function fitReply(reply: Reply): Reply {
  const fitted: { -readonly [K in keyof Reply]: Reply[K] } = { ...reply };
  if (reply.content !== undefined) fitted.content = truncate(reply.content, L.messageContent);
  if (reply.embeds !== undefined) {
    let budget: number = L.embedsTotal;
    const embeds: ReplyEmbed[] = [];
    for (const embed of reply.embeds.slice(0, L.embedsPerMessage)) {
      if (budget <= 0) break;
      const small = fitEmbed(embed, budget);
      budget -= embedTextLength(small);
      embeds.push(small);
    }
    fitted.embeds = embeds;
  }
  if (reply.buttons !== undefined) {
    fitted.buttons = reply.buttons
      .slice(0, L.actionRows)
      .map((row) => row.slice(0, L.buttonsPerRow).map(fitButton))
      .filter((row) => row.length > 0);
  }
  return fitted;
}
