/**
 * The one cleaning every piece of member-typed text gets before it is searched, stored or
 * echoed: control characters (C0, DEL, C1) carry no meaning in a question or a title and
 * must not reach a reply. Stricter rules (the FAQ's mention neutralising) build on this.
 */

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

/** Member text without control characters, trimmed; '' for anything that is not a string. */
export function cleanUserText(raw: unknown, options: CleanOptions = {}): string {
  if (typeof raw !== 'string') return '';
  const cleaned = options.multiline
    ? raw.replace(CONTROL_CHARACTERS_BUT_LINE_BREAKS, '')
    : raw.replace(CONTROL_CHARACTERS, ' ');
  return cleaned.trim();
}
