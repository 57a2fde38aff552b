/**
 * The one cleaning every piece of member-typed text gets before it is searched, stored or
 * echoed: terminal escape sequences, control characters (C0, DEL, C1) and bidirectional
 * overrides carry no meaning in a question or a title and must not reach a reply, and half an
 * emoji (a lone surrogate) is never stored. Stricter rules (the FAQ's mention neutralising) build on this.
 */

/**
 * Terminal control sequences, as ECMA-48 (ISO/IEC 6429) defines their 7-bit forms, removed
 * whole so that text pasted from a terminal (`\x1b[31mconnected\x1b[0m`) keeps only what the
 * terminal showed, not `[31m` around the words:
 * - CSI: ESC `[`, parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, a final byte 0x40-0x7E
 *   (colours, cursor movement);
 * - control strings: ESC `]` (OSC: window titles, hyperlinks), `P` (DCS), `X` (SOS), `^` (PM) or
 *   `_` (APC), up to BEL or ST (ESC `\`);
 * - other escape sequences: ESC, intermediate bytes 0x20-0x2F, a final byte 0x30-0x7E.
 * The 8-bit C1 forms (U+009B for CSI) are left to the control-character rule: in Unicode text
 * they are rarely a terminal sequence, and reading one as such could swallow a letter after it.
 * An unterminated control string loses only its ESC and introducer for the same reason.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC and BEL is the point.
const TERMINAL_SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;
/** Half of a surrogate pair without its other half: with the u flag only lone ones match. */
const LONE_SURROGATES = /\p{Cs}/gu;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069; Unicode
 * Standard Annex #9): invisible, and one left open reorders everything the bot writes after the
 * member's text ("Your suggestion ("<RLO>abc") was not accepted" reads backwards from the quote),
 * the "Trojan Source" spoofing of CVE-2021-42574. Removed in every mode. The marks LRM and RLM,
 * which only nudge neutral characters, stay: right-to-left writers need them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

const CONTROL_CHARACTERS = /\p{Cc}/gu;
// Every control character except tab and line feed; a carriage return goes, which turns
// Windows line endings into plain newlines.
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[^\P{Cc}\t\n]/gu;

export interface CleanOptions {
  /**
   * Keep newlines and tabs and drop the other control characters (multi-line text such as an
   * FAQ answer). Otherwise every control character becomes a space (one-line option values).
   */
  readonly multiline?: boolean;
}

/**
 * Member text without terminal sequences, control characters or bidirectional overrides, each lone surrogate replaced by
 * U+FFFD, trimmed; '' for anything that is not a string.
 */
export function cleanUserText(raw: unknown, options: CleanOptions = {}): string {
  if (typeof raw !== 'string') return '';
  const visible = raw
    .replace(TERMINAL_SEQUENCES, '')
    .replace(BIDI_CONTROLS, '')
    .replace(LONE_SURROGATES, '\ufffd');
  const cleaned = options.multiline
    ? visible.replace(CONTROL_CHARACTERS_BUT_LINE_BREAKS, '')
    : visible.replace(CONTROL_CHARACTERS, ' ');
  return cleaned.trim();
}
