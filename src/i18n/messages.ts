/**
 * Every sentence the bot writes itself, looked up by message key in one JSON catalogue per
 * locale (src/i18n/catalogues/<locale>.json) through i18next. English (en-US.json) is the
 * source: message keys are derived from it, so a key that does not exist there is a type error,
 * and every other catalogue must have exactly its keys and placeholders (test/i18n/catalogues.test.ts).
 *
 * Where the rules come from:
 * - Plurals: i18next picks `key_one`, `key_other` (and `_zero`, `_two`, `_few`, `_many` where a
 *   language has them) with `Intl.PluralRules` for the locale, i.e. CLDR's plural rules, from the
 *   `count` variable. Each catalogue writes exactly the forms its language's CLDR rules name
 *   (`new Intl.PluralRules(locale).resolvedOptions().pluralCategories`): English, German and Hindi
 *   one and other (Hindi's "one" also covers 0); Spanish, Portuguese and French one, many and
 *   other; Indonesian other only.
 * - Interpolation: `{{name}}` placeholders, never HTML-escaped (Discord Markdown is not HTML).
 * - Commands written in backticks (`/faq review`) are shown under their localised names in other
 *   locales (command-mentions.ts): catalogues write the English command, as the knowledge base does.
 */
import { existsSync, readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import type english from './catalogues/en-US.json';
import { localiseCommandMentions } from './command-mentions.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.js';

/** The plural suffixes i18next adds for CLDR's plural categories (Intl.PluralRules). */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;

/** Dotted paths to every string of a catalogue, plural forms folded into their base key. */
type KeyPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${WithoutPlural<K>}`
    : KeyPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key of the English catalogue; a key it does not have does not compile. */
export type MessageKey = KeyPaths<typeof english>;

/** Values for a message's `{{placeholders}}`; `count` also picks the plural form. */
export type MessageVars = Readonly<Record<string, string | number>>;

/** A message in one locale: key + vars -> the text. */
export interface Translator {
  readonly locale: Locale;
  (key: MessageKey, vars?: MessageVars): string;
}

/** A message not yet rendered: what a UserError or a stored code carries until a reader's locale is known. */
export interface Message {
  readonly key: MessageKey;
  readonly vars?: MessageVars;
}

const CATALOGUE_DIR = new URL('./catalogues/', import.meta.url);

/** A locale's catalogue as parsed JSON (nested objects of strings). */
export type Catalogue = { readonly [key: string]: string | Catalogue };

/** Where a locale's catalogue lives: src/i18n/catalogues/<locale>.json. */
export function catalogueFile(locale: Locale): URL {
  return new URL(`${locale}.json`, CATALOGUE_DIR);
}

/** Reads one locale's catalogue file. Throws when it is missing or not JSON. */
export function readCatalogue(locale: Locale): Catalogue {
  return JSON.parse(readFileSync(catalogueFile(locale), 'utf8')) as Catalogue;
}

let instance: i18n | null = null;

/**
 * The one i18next instance, initialised synchronously on first use with every catalogue (they
 * are small, and a reply must never wait for a file). A key missing in a locale (or a locale
 * without a catalogue file) falls back to English; the catalogue test keeps that from happening.
 */
function messages(): i18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources: Object.fromEntries(
      LOCALES.filter((locale) => existsSync(catalogueFile(locale))).map((locale) => [
        locale,
        { translation: readCatalogue(locale) },
      ]),
    ),
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    // Exactly the codes above: no lookups of "es" for "es-ES", no lower-casing of "pt-BR".
    load: 'currentOnly',
    cleanCode: false,
    nsSeparator: false,
    keySeparator: '.',
    returnNull: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

/**
 * The text of `key` in `locale`, with `vars` filled in (and `vars.count` choosing the plural
 * form by Intl.PluralRules). In a non-English locale, commands in backticks are shown under their
 * localised names. Never throws; a placeholder without a value stays visible as `{{name}}`.
 */
export function t(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  const options = { lng: locale, interpolation: { escapeValue: false } };
  if (locale === DEFAULT_LOCALE) return messages().t(key, { ...vars, ...options });
  // Only the catalogue's own words are localised, never a value filled in (a moderator's reason
  // or a member's question that names "/faq show" stays as written): values go in as markers
  // from Unicode's private use area, the text is localised, then the markers become the values.
  const values: string[] = [];
  const marked: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (name === 'count') marked[name] = value;
    else marked[name] = `${VALUE_MARK}${values.push(String(value)) - 1}${VALUE_MARK}`;
  }
  const text = localiseCommandMentions(messages().t(key, { ...marked, ...options }), locale);
  return text.replace(VALUE_MARKER, (_mark, index: string) => values[Number(index)] ?? '');
}

/** Marks a filled-in value while the rest of a message is localised (see t). */
const VALUE_MARK = '\uE000';
const VALUE_MARKER = /\uE000(\d+)\uE000/g;

/** A translator bound to one locale, for code that writes several messages. */
export function translator(locale: Locale): Translator {
  const translate = (key: MessageKey, vars?: MessageVars) => t(locale, key, vars);
  return Object.assign(translate, { locale });
}

/** Renders a message (as carried by a UserError or built from a stored code) in `locale`. */
export function render(locale: Locale, message: Message): string {
  return t(locale, message.key, message.vars);
}

/**
 * Whether `key` names a message in the English catalogue (in any plural form). For keys built at
 * run time (command localisations), which the type system cannot check.
 */
export function hasMessage(key: string): boolean {
  return messages().exists(key, { lng: DEFAULT_LOCALE, count: 2 }) || messages().exists(key);
}

/**
 * The text at a key built at run time (command definitions' paths), in `locale`, or undefined
 * when that locale's catalogue lacks it. Unlike `t`, no fallback to English and no command
 * localisation: Discord gets exactly what the catalogue says.
 */
export function lookup(locale: Locale, key: string): string | undefined {
  const value = messages().getResource(locale, 'translation', key) as unknown;
  return typeof value === 'string' ? value : undefined;
}
