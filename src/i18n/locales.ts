/**
 * The languages the bot speaks, named with Discord's locale codes
 * (https://discord.com/developers/docs/reference#locales), and how any Discord locale maps to
 * one of them. A locale here names a language of content: es-419 (Latin American Spanish) is
 * served by the es-ES translation, en-GB by en-US, until their wording must differ.
 */

/** Every locale with its own content, English (the source) first. */
export const LOCALES = ['en-US', 'es-ES', 'pt-BR', 'fr', 'de', 'id', 'hi'] as const;

export type Locale = (typeof LOCALES)[number];

/** The source language: every text exists in it, and it answers when nothing else fits. */
export const DEFAULT_LOCALE: Locale = 'en-US';

/**
 * Every locale code Discord sends (its "Locales" reference, linked above): what `--locale` in the
 * console accepts, and the keys Discord takes in `name_localizations` and
 * `description_localizations`.
 */
export const DISCORD_LOCALE_CODES = [
  'id',
  'da',
  'de',
  'en-GB',
  'en-US',
  'es-ES',
  'es-419',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'fi',
  'sv-SE',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'zh-CN',
  'ja',
  'zh-TW',
  'ko',
] as const;

export type DiscordLocaleCode = (typeof DISCORD_LOCALE_CODES)[number];

/** Is this text one of Discord's locale codes (exact spelling)? */
export function isDiscordLocaleCode(code: unknown): code is DiscordLocaleCode {
  return typeof code === 'string' && (DISCORD_LOCALE_CODES as readonly string[]).includes(code);
}

/** Discord locale codes that another locale's content serves. */
const SERVED_BY: Readonly<Record<string, Locale>> = {
  'en-GB': 'en-US',
  'es-419': 'es-ES',
};

/** Is this text one of LOCALES (exact spelling)? */
export function isLocale(code: unknown): code is Locale {
  return typeof code === 'string' && (LOCALES as readonly string[]).includes(code);
}

/**
 * A Discord locale code (an interaction's `locale` or `guild_locale`, a `--locale` flag) -> the
 * locale whose content serves it, or null when the bot has no content in that language (or no
 * code was given). Codes are matched exactly, as Discord sends them ("pt-BR", not "pt-br").
 */
export function supportedLocale(code: string | null | undefined): Locale | null {
  if (code === null || code === undefined) return null;
  if (isLocale(code)) return code;
  return SERVED_BY[code] ?? null;
}

/** The Discord locale codes a locale's content serves: itself, and any code SERVED_BY maps to it. */
export function discordCodesServedBy(locale: Locale): DiscordLocaleCode[] {
  return DISCORD_LOCALE_CODES.filter((code) => supportedLocale(code) === locale);
}
