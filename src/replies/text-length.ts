/**
 * How long a text is and where it may be cut, measured the way Discord measures it: the one
 * counting rule behind every limit in ./limits.ts, every length check on member input and every
 * message that states a length.
 *
 * Discord counts a limit's "characters" as Unicode code points: its API is written in Python 3
 * and measures `len(str)` (a Discord engineer in discord/discord-api-docs#1315). An emoji such
 * as 😀 is one character there but two UTF-16 units in JavaScript's `.length`, so `.length`
 * refuses text Discord would take and states lengths the member never typed. The protocol-level
 * stand-in in test/support/fake-discord/validation.ts counts the same way.
 *
 * Cuts fall between grapheme clusters (what a reader sees as one character: 👍🏽, 🇫🇷, e + ◌́),
 * found with Intl.Segmenter, so a cut never leaves half an emoji, a lone surrogate or a bare
 * accent behind.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** The first half of a surrogate pair, or a lone one; no `u` flag, so it matches UTF-16 units. */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/**
 * The length of `text` in characters as Discord counts them (Unicode code points). A lone
 * surrogate counts as one, as it does in Python.
 */
export function discordLength(text: string): number {
  // Most text has no character outside the Basic Multilingual Plane: one native scan (instant
  // for one-byte strings) answers it. This runs for every text of every message the bot sends.
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/**
 * The longest start of `text` that has at most `max` characters (discordLength) and ends on a
 * grapheme boundary; `text` itself when it already fits, '' when `max` is 0 or less. A single
 * grapheme longer than what is left (a letter under hundreds of combining marks) is left out
 * whole rather than split.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (discordLength(text) <= max) return text;
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = discordLength(segment);
    if (used + size > max) break;
    used += size;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
