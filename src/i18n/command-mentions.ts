/**
 * Commands named in text (`/faq review`, `/connected aspect:<id>`, "/topics for more") shown
 * under the names a reader in another locale sees in Discord's command picker. Knowledge files
 * and every catalogue write commands in English; this is the one place that localises them, with
 * the names from the catalogues' `commands` section (the same names registered as Discord's
 * name_localizations, src/i18n/command-localisations.ts), so the text always names what the
 * reader can type.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.js';
import { type Catalogue, lookup, readCatalogue } from './messages.js';

/** One command or option level of the English catalogue: English name -> its catalogue path. */
interface NameNode {
  readonly path: string;
  readonly children: ReadonlyMap<string, NameNode>;
}

let commandTree: ReadonlyMap<string, NameNode> | null = null;

function children(section: Catalogue | undefined, path: string): ReadonlyMap<string, NameNode> {
  const nodes = new Map<string, NameNode>();
  for (const [key, value] of Object.entries(section ?? {})) {
    if (typeof value === 'string' || typeof value.name !== 'string') continue;
    const childPath = `${path}.${key}`;
    const options = value.options;
    nodes.set(value.name, {
      path: childPath,
      children: children(typeof options === 'object' ? options : undefined, `${childPath}.options`),
    });
  }
  return nodes;
}

/** The English catalogue's `commands` section as a tree of names, read once. */
function commands(): ReadonlyMap<string, NameNode> {
  if (commandTree) return commandTree;
  const section = readCatalogue(DEFAULT_LOCALE).commands;
  commandTree = children(typeof section === 'object' ? section : undefined, 'commands');
  return commandTree;
}

/** The name of the command or option at `node` in `locale` (English when the catalogue has none). */
function nameIn(locale: Locale, node: NameNode, english: string): string {
  return lookup(locale, `${node.path}.name`) ?? english;
}

/**
 * `words` after a command name: subcommand, group and option names (`aspect:<id>`) are
 * localised while they name one at the current level; the first word that does not (a free-text
 * question, ordinary prose) ends the walk, and the rest is left as written.
 */
function localiseWords(words: string[], start: NameNode, locale: Locale): string[] {
  let level = start;
  const out = [...words];
  for (let i = 0; i < out.length; i++) {
    const word = out[i] ?? '';
    const colon = word.indexOf(':');
    const name = colon === -1 ? word : word.slice(0, colon);
    const node = level.children.get(name);
    if (!node) break;
    out[i] = nameIn(locale, node, name) + (colon === -1 ? '' : word.slice(colon));
    if (colon !== -1) continue; // an option with its value: other options may follow
    level = node;
  }
  return out;
}

/** `/name rest…` with the command and the names after it localised, or unchanged when not a command. */
function localiseMention(mention: string, locale: Locale): string {
  const [first = '', ...rest] = mention.split(' ');
  const node = commands().get(first);
  if (!node) return mention;
  return [nameIn(locale, node, first), ...localiseWords(rest, node, locale)].join(' ');
}

/**
 * `text` with every command it names shown under its `locale` name: inside code spans
 * (`` `/faq review` ``, `` `/ask are fb and ig connected` ``) and in plain text ("/topics for
 * more"). Names the catalogues do not know, and all other text, are left as they are.
 */
export function localiseCommandMentions(text: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE || !text.includes('/')) return text;
  return text
    .replace(/`\/([^`\n]+)`/g, (_match, mention: string) => `\`/${localiseMention(mention, locale)}\``)
    .replace(
      /(^|[\s(])\/([a-z][a-z-]*)((?: [a-z][a-z-]*(?::\S*)?)*)/gm,
      (match, before: string, name: string, after: string) => {
        const node = commands().get(name);
        if (!node) return match;
        const words = after === '' ? [] : after.slice(1).split(' ');
        const localised = [nameIn(locale, node, name), ...localiseWords(words, node, locale)];
        return `${before}/${localised.join(' ')}`;
      },
    );
}

/**
 * A command, subcommand or option name as typed, folded so that case, Unicode form and accents
 * do not matter ("Fuso-Horário", "fuso-horario" and the NFD form are one name).
 */
export function foldCommandName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Every name the command, subcommand, group or option at `path` is registered under in Discord:
 * its English name and each locale's localised one (the catalogues' `commands` section, the same
 * names as `name_localizations`), folded by foldCommandName, without duplicates.
 *
 * @param path English names from the command down, e.g. `['faq', 'remove', 'entry']`
 * @returns the folded names; just the folded English name when the catalogues do not know the path
 */
export function commandNameAliases(path: readonly string[]): string[] {
  const english = path.at(-1) ?? '';
  let node = commands().get(path[0] ?? '');
  for (const name of path.slice(1)) node = node?.children.get(name);
  if (!node) return [foldCommandName(english)];
  const found = node;
  return [
    ...new Set([english, ...LOCALES.map((locale) => nameIn(locale, found, english))].map(foldCommandName)),
  ];
}

/**
 * The English name of the command typed as `typed` in any supported locale (`temas` -> `topics`),
 * or undefined when no command has that name. An English name always means its own command.
 */
export function englishCommandName(typed: string): string | undefined {
  const folded = foldCommandName(typed);
  const names = [...commands().keys()];
  return (
    names.find((english) => foldCommandName(english) === folded) ??
    names.find((english) => commandNameAliases([english]).includes(folded))
  );
}
