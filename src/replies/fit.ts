/**
 * Makes any Reply fit Discord's limits. Called at the outgoing choke points
 * (Discord payload, console rendering) so that no handler can produce a message
 * Discord would reject, whatever text a knowledge file or a user put in it.
 */
import { DISCORD_LIMITS as L } from './limits.js';
import type { Reply, ReplyButton, ReplyEmbed, ReplyEmbedField, ReplyLinkButton } from './reply.js';
import { cutText, discordLength } from './text-length.js';

const ELLIPSIS = '…';

/**
 * Cuts text to at most `max` characters as Discord counts them (discordLength), ending with an
 * ellipsis when cut. The cut falls between graphemes (cutText), so no emoji, flag or accented
 * letter is split and no lone surrogate is left.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max || discordLength(text) <= max) return text;
  if (max <= 0) return '';
  return `${cutText(text, max - discordLength(ELLIPSIS)).trimEnd()}${ELLIPSIS}`;
}

/** discordLength of an optional text part, 0 when it is absent. */
const length = (text: string | undefined): number => (text === undefined ? 0 : discordLength(text));

/** Text length of an embed as Discord counts it towards the 6,000-character message total. */
export function embedTextLength(embed: ReplyEmbed): number {
  let total = length(embed.title) + length(embed.description) + length(embed.footer);
  for (const field of embed.fields ?? []) total += length(field.name) + length(field.value);
  return total;
}

function fitField(field: ReplyEmbedField): ReplyEmbedField {
  const name = truncate(field.name, L.embedFieldName) || '\u200b';
  const value = truncate(field.value, L.embedFieldValue) || '\u200b';
  return name === field.name && value === field.value ? field : { ...field, name, value };
}

/** `embed` itself when it already fits in `budget` characters, else a fitted copy. */
function fitEmbed(embed: ReplyEmbed, budget: number): ReplyEmbed {
  const title = embed.title === undefined ? undefined : truncate(embed.title, Math.min(L.embedTitle, budget));
  let remaining = budget - length(title);
  const footer =
    embed.footer === undefined ? undefined : truncate(embed.footer, Math.min(L.embedFooterText, remaining));
  remaining -= length(footer);
  const description =
    embed.description === undefined
      ? undefined
      : truncate(embed.description, Math.min(L.embedDescription, Math.max(0, remaining)));
  remaining -= length(description);
  const fields: ReplyEmbedField[] = [];
  let fieldsChanged = false;
  const source = embed.fields ?? [];
  for (let i = 0; i < Math.min(source.length, L.embedFields); i++) {
    const field = source[i] as ReplyEmbedField;
    const fitted = fitField(field);
    const size = discordLength(fitted.name) + discordLength(fitted.value);
    if (size > remaining) break;
    if (fitted !== field) fieldsChanged = true;
    fields.push(fitted);
    remaining -= size;
  }
  if (fields.length !== source.length) fieldsChanged = true;
  const unchanged =
    title === embed.title && footer === embed.footer && description === embed.description && !fieldsChanged;
  if (unchanged) return embed;
  const fitted: { -readonly [K in keyof ReplyEmbed]: ReplyEmbed[K] } = { ...embed };
  if (title !== undefined) fitted.title = title;
  if (footer !== undefined) fitted.footer = footer;
  if (description !== undefined) fitted.description = description;
  if (embed.fields !== undefined) fitted.fields = fields;
  return fitted;
}

function fitButton(button: ReplyButton | ReplyLinkButton): ReplyButton | ReplyLinkButton {
  const label = truncate(button.label, L.buttonLabel) || '…';
  return label === button.label ? button : { ...button, label };
}

/**
 * `reply` fitted to every Discord message limit: the reply itself when it already fits (the
 * usual case, and this runs for every message sent), else a copy with what does not fit cut.
 */
export function fitReply(reply: Reply): Reply {
  const content = reply.content === undefined ? undefined : truncate(reply.content, L.messageContent);
  let embeds = reply.embeds;
  if (embeds !== undefined) {
    let budget: number = L.embedsTotal;
    const fittedEmbeds: ReplyEmbed[] = [];
    for (const embed of embeds.slice(0, L.embedsPerMessage)) {
      if (budget <= 0) break;
      const small = fitEmbed(embed, budget);
      budget -= embedTextLength(small);
      fittedEmbeds.push(small);
    }
    if (fittedEmbeds.length !== embeds.length || fittedEmbeds.some((e, i) => e !== embeds?.[i]))
      embeds = fittedEmbeds;
  }
  let buttons = reply.buttons;
  if (buttons !== undefined) {
    const rows = buttons.slice(0, L.actionRows);
    const fittedRows = rows
      .map((row) => {
        const kept = row.slice(0, L.buttonsPerRow);
        const fittedRow = kept.map(fitButton);
        return fittedRow.length === row.length && fittedRow.every((b, i) => b === row[i]) ? row : fittedRow;
      })
      .filter((row) => row.length > 0);
    if (fittedRows.length !== buttons.length || fittedRows.some((row, i) => row !== buttons?.[i]))
      buttons = fittedRows;
  }
  if (content === reply.content && embeds === reply.embeds && buttons === reply.buttons) return reply;
  const fitted: { -readonly [K in keyof Reply]: Reply[K] } = { ...reply };
  if (content !== undefined) fitted.content = content;
  if (embeds !== undefined) fitted.embeds = embeds;
  if (buttons !== undefined) fitted.buttons = buttons;
  return fitted;
}
