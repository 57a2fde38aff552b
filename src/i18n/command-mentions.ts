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

/** One level of names in every locale: a name any locale gives it -> its English name and node. */
type AnyLocaleNames = ReadonlyMap<string, { readonly english: string; readonly node: NameNode }>;

const anyLocaleLevels = new WeakMap<ReadonlyMap<string, NameNode>, AnyLocaleNames>();

/** The names of one level of the tree as any locale writes them (English included). */
function namesInAnyLocale(level: ReadonlyMap<string, NameNode>): AnyLocaleNames {
  const known = anyLocaleLevels.get(level);
  if (known) return known;
  const names = new Map<string, { english: string; node: NameNode }>();
  for (const [english, node] of level) {
    for (const locale of LOCALES) names.set(nameIn(locale, node, english).toLowerCase(), { english, node });
  }
  // English last, so an English name always means its own command.
  for (const [english, node] of level) names.set(english, { english, node });
  anyLocaleLevels.set(level, names);
  return names;
}

/**
 * A typed command line (`/preguntar pregunta: …`, `/temas`) with its command, subcommand and
 * option names turned back into the English ones the command definitions use, so a place that
 * reads typed commands (the console) accepts the names its own localised replies tell the reader
 * to type. The inverse of the localisation above: the walk stops at the first word that names
 * nothing at its level (a free-text value), and the rest is returned as written. A line that
 * is not a known command comes back unchanged.
 *
 * @param line one typed line, starting with "/"
 * @returns the same line with English names, the spacing after the names unchanged
 */
export function englishCommandNames(line: string): string {
  const match = /^\/(\S+)/.exec(line);
  if (!match) return line;
  const first = namesInAnyLocale(commands()).get((match[1] ?? '').toLowerCase());
  if (!first) return line;
  let level = first.node;
  let naming = true; // still reading subcommand names
  const tokens = line.slice(match[0].length).split(/(\s+)/);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '' || /^\s+$/.test(token)) continue;
    const colon = token.indexOf(':');
    const name = (colon === -1 ? token : token.slice(0, colon)).toLowerCase();
    const found = name === '' ? undefined : namesInAnyLocale(level.children).get(name);
    if (colon === -1) {
      // A bare word is a subcommand only before any option or free text.
      if (!naming || !found) {
        naming = false;
        continue;
      }
      tokens[i] = found.english;
      level = found.node;
      continue;
    }
    naming = false;
    // `name:value`: an option of this level, its value left as written.
    if (found) tokens[i] = found.english + token.slice(colon);
  }
  return `/${first.english}${tokens.join('')}`;
}
