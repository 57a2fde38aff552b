/**
 * Reply -> terminal text: title, body, fields, footer, and buttons as numbered choices. The
 * reply is fitted to Discord's limits first, so the console shows what Discord would show.
 * Markdown links become "title <url>" because a terminal cannot hide the URL behind text.
 */
import { fitReply } from '../replies/fit.js';
import { isLinkButton, type Modal, type ModalField, type Reply, type ReplyEmbed } from '../replies/reply.js';

export const EPHEMERAL_MARK = '(only you see this)';

/** A button the user can pick by typing its number. */
export interface PickableButton {
  readonly number: number;
  readonly customId: string;
  readonly label: string;
}

export interface RenderedReply {
  readonly text: string;
  readonly buttons: readonly PickableButton[];
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** The machine's own timezone, which the console shows times in when a reply names none. */
export function machineTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Date and time styles of Discord's timestamp markup (`t` short time ... `F` long date and time). */
const TIMESTAMP_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'medium' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

/**
 * A moment (milliseconds since the epoch) as the console shows it: in `timeZone` and with that
 * zone's name, since a terminal reader cannot tell which zone a bare "09:00" is in.
 */
export function formatTime(ms: number, timeZone: string, style = 'F'): string {
  const options = TIMESTAMP_STYLES[style] ?? TIMESTAMP_STYLES.F;
  try {
    return `${new Date(ms).toLocaleString('en-GB', { ...options, timeZone })} ${timeZone}`;
  } catch {
    // A zone this runtime does not know (stored under an older time-zone database): say UTC.
    return `${new Date(ms).toLocaleString('en-GB', { ...options, timeZone: 'UTC' })} UTC`;
  }
}

/** A Discord timestamp (`<t:seconds:style>`) as a terminal can show it, relative ones against `nowMs`. */
function formatTimestamp(
  seconds: number,
  style: string | undefined,
  nowMs: number,
  timeZone: string,
): string {
  if (style === 'R') {
    const delta = seconds - Math.round(nowMs / 1000);
    const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(delta) >= size) ?? ['second', 1];
    return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.round(delta / size), unit);
  }
  return formatTime(seconds * 1000, timeZone, style ?? 'f');
}

/**
 * Discord's mention and timestamp syntax, which only a Discord client draws, as plain words.
 * Timestamps are shown in `timeZone` (default: the machine's), named; relative ones against `nowMs`.
 */
export function plainDiscordMarkup(
  text: string,
  nowMs: number = Date.now(),
  timeZone: string = machineTimeZone(),
): string {
  return text
    .replace(/<t:(-?\d{1,13})(?::([tTdDfFR]))?>/g, (_, seconds: string, style?: string) =>
      formatTimestamp(Number(seconds), style, nowMs, timeZone),
    )
    .replace(/<#(\d+)>/g, '#$1')
    .replace(/<@&(\d+)>/g, '@role:$1')
    .replace(/<@!?(\d+)>/g, '@user:$1');
}

/** Markdown that reads badly in a terminal, made plain: links, bold, headings, Discord markup. */
export function plainMarkdown(text: string, timeZone: string = machineTimeZone()): string {
  return plainDiscordMarkup(text, Date.now(), timeZone)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/^#{1,3} +/gm, '');
}

function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${prefix}${line}`))
    .join('\n');
}

function renderEmbed(embed: ReplyEmbed, timeZone: string): string[] {
  const plain = (text: string) => plainDiscordMarkup(text, Date.now(), timeZone);
  const lines: string[] = [];
  if (embed.title) lines.push(`== ${plain(embed.title)} ==`);
  if (embed.url) lines.push(`<${embed.url}>`);
  if (embed.description) lines.push(plainMarkdown(embed.description, timeZone));
  for (const field of embed.fields ?? []) {
    lines.push('', `${plain(field.name)}:`, indent(plainMarkdown(field.value, timeZone)));
  }
  // Discord shows the embed's timestamp in the reader's zone; here it is shown in the reply's, named.
  const stamp = embed.timestamp === undefined ? Number.NaN : Date.parse(embed.timestamp);
  const when = Number.isNaN(stamp) ? embed.timestamp : formatTime(stamp, timeZone, 'f');
  if (embed.footer || when) {
    lines.push('', `-- ${[embed.footer && plain(embed.footer), when].filter(Boolean).join(' · ')}`);
  }
  return lines;
}

/** A reply as terminal text; its times in the reply's own timezone if it names one, else the machine's. */
export function renderReply(reply: Reply): RenderedReply {
  const fitted = fitReply(reply);
  const timeZone = fitted.timeZone ?? machineTimeZone();
  const blocks: string[] = [];
  if (fitted.ephemeral) blocks.push(EPHEMERAL_MARK);
  if (fitted.content) blocks.push(plainMarkdown(fitted.content, timeZone));
  for (const embed of fitted.embeds ?? []) blocks.push(renderEmbed(embed, timeZone).join('\n'));
  const buttons: PickableButton[] = [];
  const buttonLines: string[] = [];
  for (const row of fitted.buttons ?? []) {
    for (const button of row) {
      if (isLinkButton(button)) {
        buttonLines.push(`  [link] ${button.label} <${button.url}>`);
      } else if (button.disabled) {
        buttonLines.push(`  [-] ${button.label} (disabled)`);
      } else {
        const number = buttons.length + 1;
        buttons.push({ number, customId: button.customId, label: button.label });
        buttonLines.push(`  [${number}] ${button.label}`);
      }
    }
  }
  if (buttonLines.length > 0) {
    const hint = buttons.length > 0 ? 'Buttons (type a number to pick one):' : 'Links:';
    blocks.push([hint, ...buttonLines].join('\n'));
  }
  return { text: blocks.join('\n\n'), buttons };
}

/** How a modal text field is introduced: its label, whether it is needed, its length limits. */
export function describeModalField(field: ModalField): string {
  const limits: string[] = [field.required ? 'required' : 'optional, Enter to skip'];
  if (field.minLength !== undefined && field.maxLength !== undefined) {
    limits.push(`${field.minLength}-${field.maxLength} characters`);
  } else if (field.maxLength !== undefined) {
    limits.push(`at most ${field.maxLength} characters`);
  } else if (field.minLength !== undefined) {
    limits.push(`at least ${field.minLength} characters`);
  }
  const lines = [`${field.label} (${limits.join(', ')})`];
  if (field.value !== undefined && field.value !== '') {
    lines.push(`  current: ${field.value}`, '  (Enter keeps it)');
  } else if (field.placeholder) {
    lines.push(`  hint: ${field.placeholder}`);
  }
  return lines.join('\n');
}

export function describeModal(modal: Modal): string {
  return `== ${modal.title} == (form: one field at a time; a line with only "/cancel" abandons it)`;
}
