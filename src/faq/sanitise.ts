/**
 * Cleaning of member-written FAQ text, on top of cleanUserText: control characters go
 * (newlines and tabs stay), Markdown stays, and anything that could ping people is made inert with a zero-width space,
 * in what is stored as well as what is shown, so no later code path can turn it into a ping.
 * Links are judged in ./links.ts.
 */

import { cleanUserText } from '../replies/clean-text.js';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * A field as the member wrote it: mentions a pre-filled edit form carried back restored, so
 * lengths are measured on the member's own text, then cleaned of control characters
 * (newlines and tabs stay) and surrounding whitespace.
 */
export function cleanFaqText(raw: string): string {
  return cleanUserText(restoreMentions(raw), { multiline: true });
}

/**
 * Makes `@everyone`, `@here`, role mentions (`<@&id>`) and user mentions (`<@id>`, `<@!id>`)
 * inert by putting a zero-width space after the `@`. Idempotent.
 */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<@([!&]?\d)/g, `<@${ZERO_WIDTH_SPACE}$1`);
}

/**
 * Undoes neutraliseMentions, so text that comes back from a pre-filled edit form is measured
 * as the member wrote it and not made longer on every round trip.
 */
export function restoreMentions(text: string): string {
  return text.replace(/(@|<@)\u200b(?=everyone|here|[!&]?\d)/gi, '$1');
}
