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

type Embeds = NonNullable<Reply['embeds']>;
type ButtonRows = NonNullable<Reply['buttons']>;

/** `embeds` themselves when they fit the per-message limits, else fitted copies. */
function fitEmbeds(embeds: Embeds): Embeds {
  let budget: number = L.embedsTotal;
  const fittedEmbeds: ReplyEmbed[] = [];
  for (const embed of embeds.slice(0, L.embedsPerMessage)) {
    if (budget <= 0) break;
    const small = fitEmbed(embed, budget);
    budget -= embedTextLength(small);
    fittedEmbeds.push(small);
  }
  return fittedEmbeds.length === embeds.length && fittedEmbeds.every((e, i) => e === embeds[i])
    ? embeds
    : fittedEmbeds;
}

/** `buttons` themselves when they fit the row and label limits, else fitted copies. */
function fitButtonRows(buttons: ButtonRows): ButtonRows {
  const fittedRows = buttons
    .slice(0, L.actionRows)
    .map((row) => {
      const fittedRow = row.slice(0, L.buttonsPerRow).map(fitButton);
      return fittedRow.length === row.length && fittedRow.every((b, i) => b === row[i]) ? row : fittedRow;
    })
    .filter((row) => row.length > 0);
  return fittedRows.length === buttons.length && fittedRows.every((row, i) => row === buttons[i])
    ? buttons
    : fittedRows;
}

/**
 * What fitting made of an embeds or buttons array. Replies are read-only and the same arrays go
 * out again and again (the /connected headline is built once and shared; a repeat notice keeps
 * the answer's embeds), and measuring a kilobyte or two of text for every message was the bot's
 * largest own cost per interaction (bench/discord.ts). Weak keys: a reply that is gone is
 * forgotten.
 */
const fittedEmbeds = new WeakMap<Embeds, Embeds>();
const fittedButtons = new WeakMap<ButtonRows, ButtonRows>();

function remembered<T extends object>(cache: WeakMap<T, T>, value: T, fitValue: (value: T) => T): T {
  let fitted = cache.get(value);
  if (fitted === undefined) {
    fitted = fitValue(value);
    cache.set(value, fitted);
  }
  return fitted;
}

/**
 * `reply` fitted to every Discord message limit: the reply itself when it already fits (the
 * usual case, and this runs for every message sent), else a copy with what does not fit cut.
 * Embeds and buttons are fitted once per array (replies are read-only).
 */
export function fitReply(reply: Reply): Reply {
  const content = reply.content === undefined ? undefined : truncate(reply.content, L.messageContent);
  const embeds = reply.embeds === undefined ? undefined : remembered(fittedEmbeds, reply.embeds, fitEmbeds);
  const buttons =
    reply.buttons === undefined ? undefined : remembered(fittedButtons, reply.buttons, fitButtonRows);
  if (content === reply.content && embeds === reply.embeds && buttons === reply.buttons) return reply;
  const fitted: { -readonly [K in keyof Reply]: Reply[K] } = { ...reply };
  if (content !== undefined) fitted.content = content;
  if (embeds !== undefined) fitted.embeds = embeds;
  if (buttons !== undefined) fitted.buttons = buttons;
  return fitted;
}
