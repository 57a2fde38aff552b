/**
 * Discord's size limits on what a bot sends, checked the way the real API does: a body over any
 * limit is refused whole with 400 `{ code: 50035, message: 'Invalid Form Body' }` and a list of
 * what was wrong. The numbers come from src/replies/limits.ts, the same constants the bot fits its
 * replies to, so a reply the bot forgot to fit fails here as it would on Discord.
 * Lengths are counted in characters (code points), as Discord counts them.
 */
import { ComponentType, InteractionResponseType } from 'discord-api-types/v10';
import { DISCORD_LIMITS as L } from '../../../src/replies/limits.js';
import type { WireJson } from './rest-api.js';

/** Code points, as `[...value].length` counts them, without building an array per string. */
function length(value: unknown): number {
  if (typeof value !== 'string') return 0;
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/** UTF-16 units: never fewer than code points, so a string within a limit by this measure is within it. */
function units(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

/**
 * Records a problem when `value` has more than `max` code points. The place is built only then:
 * the stand-in checks every body the bot sends, and the Discord bench sends thousands a second.
 */
function over(problems: string[], at: string, field: string, value: unknown, max: number): void {
  if (units(value) <= max) return;
  const n = length(value);
  if (n > max) problems.push(`${at}${field}: ${n} characters, at most ${max}`);
}

function count(problems: string[], where: string, list: unknown, max: number): readonly WireJson[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push(`${where}: not an array`);
    return [];
  }
  if (list.length > max) problems.push(`${where}: ${list.length} items, at most ${max}`);
  return list;
}

function checkEmbeds(problems: string[], embeds: unknown): void {
  // Every counted string, for the 6,000-character total across all embeds.
  const counted: unknown[] = [];
  const list = count(problems, 'embeds', embeds, L.embedsPerMessage);
  for (let i = 0; i < list.length; i++) {
    const embed = list[i];
    const at = `embeds[${i}]`;
    over(problems, at, '.title', embed?.title, L.embedTitle);
    over(problems, at, '.description', embed?.description, L.embedDescription);
    over(problems, at, '.footer.text', embed?.footer?.text, L.embedFooterText);
    over(problems, at, '.author.name', embed?.author?.name, L.embedAuthorName);
    counted.push(embed?.title, embed?.description, embed?.footer?.text, embed?.author?.name);
    const fields = count(problems, `${at}.fields`, embed?.fields, L.embedFields);
    for (let j = 0; j < fields.length; j++) {
      over(problems, at, `.fields[${j}].name`, fields[j]?.name, L.embedFieldName);
      over(problems, at, `.fields[${j}].value`, fields[j]?.value, L.embedFieldValue);
      counted.push(fields[j]?.name, fields[j]?.value);
    }
  }
  // Code points are counted only when UTF-16 units exceed the limit (units >= code points).
  const sum = (measure: (value: unknown) => number) => counted.reduce<number>((n, v) => n + measure(v), 0);
  if (sum(units) > L.embedsTotal) {
    const total = sum(length);
    if (total > L.embedsTotal) problems.push(`embeds: ${total} characters in all, at most ${L.embedsTotal}`);
  }
}

function checkMessageComponents(problems: string[], rows: unknown): void {
  for (const [i, row] of count(problems, 'components', rows, L.actionRows).entries()) {
    const at = `components[${i}]`;
    for (const [j, component] of count(
      problems,
      `${at}.components`,
      row?.components,
      L.buttonsPerRow,
    ).entries()) {
      if (component?.type === ComponentType.Button) {
        over(problems, at, `.components[${j}].label`, component.label, L.buttonLabel);
      }
      over(problems, at, `.components[${j}].custom_id`, component?.custom_id, L.customId);
    }
  }
}

/** Problems with a message body (reply, edit, follow-up, channel post); empty when Discord accepts it. */
export function messageProblems(body: WireJson): string[] {
  const problems: string[] = [];
  if (body === null || typeof body !== 'object') return problems;
  over(problems, '', 'content', body.content, L.messageContent);
  checkEmbeds(problems, body.embeds);
  checkMessageComponents(problems, body.components);
  return problems;
}

function modalProblems(data: WireJson): string[] {
  const problems: string[] = [];
  over(problems, '', 'title', data?.title, L.modalTitle);
  over(problems, '', 'custom_id', data?.custom_id, L.customId);
  for (const [i, row] of count(problems, 'components', data?.components, L.actionRows).entries()) {
    // An action row holding the text input, or a label (type 18) wrapping it.
    const inputs: WireJson[] = Array.isArray(row?.components) ? row.components : [];
    if (row?.type === ComponentType.Label) {
      over(problems, `components[${i}]`, '.label', row.label, L.textInputLabel);
      if (row.component) inputs.push(row.component);
    }
    for (const [j, input] of inputs.entries()) {
      const at = `components[${i}].components[${j}]`;
      over(problems, at, '.label', input?.label, L.textInputLabel);
      over(problems, at, '.custom_id', input?.custom_id, L.customId);
      over(problems, at, '.placeholder', input?.placeholder, L.textInputPlaceholder);
      over(problems, at, '.value', input?.value, L.textInputValue);
    }
  }
  return problems;
}

function autocompleteProblems(data: WireJson): string[] {
  const problems: string[] = [];
  for (const [i, choice] of count(problems, 'choices', data?.choices, L.autocompleteChoices).entries()) {
    over(problems, `choices[${i}]`, '.name', choice?.name, L.choiceName);
    if (typeof choice?.value === 'string')
      over(problems, `choices[${i}]`, '.value', choice.value, L.choiceValue);
  }
  return problems;
}

/** Problems with an interaction callback body, by its type. */
export function callbackProblems(body: WireJson): string[] {
  const data = body?.data;
  switch (Number(body?.type)) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.UpdateMessage:
      return messageProblems(data);
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      return autocompleteProblems(data);
    case InteractionResponseType.Modal:
      return modalProblems(data);
    default:
      return [];
  }
}
