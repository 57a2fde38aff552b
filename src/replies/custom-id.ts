/**
 * Custom ids of buttons and modals: `${command}:${action}[:${arg}...][:~${locale}]`. The router
 * picks the command module by `command` and hands it the rest, split on ':'. A message written
 * in a language other than English marks its buttons with that locale (`~es-ES`), so a click
 * answers in the language of the message it is on, whoever clicks; an id without the mark was
 * made for an English message (every id made before the bot spoke other languages was).
 */
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales.js';
import { DISCORD_LIMITS } from './limits.js';

/** Starts the trailing argument that names the language of the message a button is on. */
const LOCALE_MARK = '~';

/**
 * Builds a custom id for a button or modal that routes back to `command`.
 * Throws a RangeError when the id is longer than Discord allows (DISCORD_LIMITS.customId,
 * 100 characters: Discord's "Message Components" docs): a cut id would route a click to the
 * wrong handler, so an over-long id is a bug to be logged, never something to shorten.
 */
export function customId(command: string, action: string, ...args: readonly (string | number)[]): string {
  return checkedCustomId([command, action, ...args.map(String)].join(':'));
}

/**
 * customId for a button on a message written in `locale`: the click is answered in that language
 * (see the module comment). English adds nothing, so English ids keep their old form.
 */
export function localisedCustomId(
  locale: Locale,
  command: string,
  action: string,
  ...args: readonly (string | number)[]
): string {
  return locale === DEFAULT_LOCALE
    ? customId(command, action, ...args)
    : customId(command, action, ...args, `${LOCALE_MARK}${locale}`);
}

/** Returns `id` unchanged, or throws a RangeError when Discord would refuse its length (see customId). */
export function checkedCustomId(id: string): string {
  if (id.length > DISCORD_LIMITS.customId) {
    throw new RangeError(
      `custom id "${id.slice(0, 20)}…" is ${id.length} characters; Discord allows ${DISCORD_LIMITS.customId}`,
    );
  }
  return id;
}

/**
 * Splits a custom id made by `customId` or `localisedCustomId`: `locale` is the language of the
 * message it was made for (English when unmarked), and the mark is not among `args`.
 */
export function parseCustomId(id: string): {
  command: string;
  action: string;
  args: string[];
  locale: Locale;
} {
  const [command = '', action = '', ...args] = id.split(':');
  const last = args.at(-1);
  if (last?.startsWith(LOCALE_MARK)) {
    const code = last.slice(LOCALE_MARK.length);
    if (isLocale(code)) return { command, action, args: args.slice(0, -1), locale: code };
  }
  return { command, action, args, locale: DEFAULT_LOCALE };
}
