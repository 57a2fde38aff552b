/**
 * Every command, subcommand, group, option and choice has its name and description in every
 * language the bot speaks, within Discord's rules (developer docs, "Application Commands":
 * "Application Command Naming", and the command, option and choice structures):
 * - names match ^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$ (unicode) and use the lower-case form
 *   of any letter that has one;
 * - descriptions are 1-100 characters, choice names 1-100;
 * - names are unique among siblings (Discord refuses two options with one name), in every locale;
 * - a command's names, descriptions and choice values together stay within 4,000 characters.
 * Lengths are characters as Discord counts them (code points, src/replies/text-length.ts).
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { DEFAULT_LOCALE, discordCodesServedBy, LOCALES } from '../../src/i18n/locales.js';
import { DISCORD_LIMITS } from '../../src/replies/limits.js';
import { discordLength } from '../../src/replies/text-length.js';

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** Discord's limit on a command's combined text (name, description, values, all options and choices). */
const COMMAND_TEXT_MAX = 4_000;

/** Every Discord locale code the catalogues serve: es-ES and es-419 both get the Spanish text. */
const CODES = LOCALES.filter((l) => l !== DEFAULT_LOCALE).flatMap((l) => discordCodesServedBy(l));

interface Localised {
  readonly name: string;
  readonly name_localizations?: Record<string, string | null> | null;
  readonly description?: string;
  readonly description_localizations?: Record<string, string | null> | null;
  readonly options?: readonly Localised[];
  readonly choices?: readonly {
    name: string;
    name_localizations?: Record<string, string | null> | null;
    value: unknown;
  }[];
}

/** Every node of a command (itself, its options at any depth) with its path, for messages. */
function nodes(node: Localised, path = `/${node.name}`): [string, Localised][] {
  return [[path, node], ...(node.options ?? []).flatMap((o) => nodes(o, `${path} ${o.name}`))];
}

const definitions = commands.map((c) => c.definition as unknown as Localised);
const nameIn = (node: Localised, code: string) => node.name_localizations?.[code] ?? node.name;
const descriptionIn = (node: Localised, code: string) =>
  node.description_localizations?.[code] ?? node.description ?? '';

describe('command localisations', () => {
  it('serve the six other languages under Discord codes, Spanish under es-ES and es-419', () => {
    expect(CODES.sort()).toEqual(['de', 'es-419', 'es-ES', 'fr', 'hi', 'id', 'pt-BR']);
  });

  it.each(definitions.map((d) => [d.name, d] as const))(
    '/%s has a name and description in every language, within the naming and length rules',
    (_name, definition) => {
      for (const [path, node] of nodes(definition)) {
        for (const code of ['en-US', ...CODES]) {
          const name = nameIn(node, code);
          const description = descriptionIn(node, code);
          if (code !== 'en-US') {
            expect(node.name_localizations?.[code], `${path} name in ${code}`).toBeTypeOf('string');
            expect(node.description_localizations?.[code], `${path} description in ${code}`).toBeTypeOf(
              'string',
            );
          }
          expect(name, `${path} name in ${code}`).toMatch(NAME);
          expect(name, `${path} name in ${code} must be lower case`).toBe(name.toLocaleLowerCase(code));
          expect(discordLength(description), `${path} description in ${code}`).toBeGreaterThanOrEqual(1);
          expect(
            discordLength(description),
            `${path} description in ${code}: "${description}"`,
          ).toBeLessThanOrEqual(DISCORD_LIMITS.optionDescription);
          for (const choice of node.choices ?? []) {
            const choiceName = choice.name_localizations?.[code] ?? choice.name;
            if (code !== 'en-US') {
              expect(
                choice.name_localizations?.[code],
                `${path} choice ${String(choice.value)} in ${code}`,
              ).toBeTypeOf('string');
            }
            expect(discordLength(choiceName)).toBeGreaterThanOrEqual(1);
            expect(discordLength(choiceName), `${path} choice "${choiceName}"`).toBeLessThanOrEqual(
              DISCORD_LIMITS.choiceName,
            );
          }
          const siblings = (node.options ?? []).map((o) => nameIn(o, code));
          expect(new Set(siblings).size, `${path} options in ${code}: ${siblings.join(', ')}`).toBe(
            siblings.length,
          );
        }
      }
    },
  );

  it.each(['en-US', ...CODES])(
    'keeps every command within Discord limits for its total text in %s',
    (code) => {
      const topNames = definitions.map((d) => nameIn(d, code));
      expect(new Set(topNames).size, topNames.join(', ')).toBe(topNames.length);
      for (const definition of definitions) {
        const total = nodes(definition).reduce(
          (sum, [, node]) =>
            sum +
            discordLength(nameIn(node, code)) +
            discordLength(descriptionIn(node, code)) +
            (node.choices ?? []).reduce(
              (s, c) =>
                s + discordLength(c.name_localizations?.[code] ?? c.name) + discordLength(String(c.value)),
              0,
            ),
          0,
        );
        expect(total, `/${definition.name} in ${code}`).toBeLessThanOrEqual(COMMAND_TEXT_MAX);
      }
    },
  );

  it.each(['en-US', ...CODES])('names, in a description, only commands a member in %s can type', (code) => {
    /** Every command path ("faq insights") under the names a member in `code` sees. */
    const typable = new Set(
      definitions.flatMap((d) =>
        nodes(d).map(([path]) =>
          path
            .slice(1)
            .split(' ')
            .map((_, i, english) => {
              let node: Localised | undefined = d;
              for (const name of english.slice(1, i + 1)) node = node?.options?.find((o) => o.name === name);
              return node ? nameIn(node, code) : '';
            })
            .join(' '),
        ),
      ),
    );
    const withSubcommands = new Set(
      definitions.filter((d) => d.options?.some((o) => o.options !== undefined)).map((d) => nameIn(d, code)),
    );
    let mentions = 0;
    for (const definition of definitions) {
      for (const [path, node] of nodes(definition)) {
        for (const match of descriptionIn(node, code).matchAll(/(?:^|\s)\/(\S+(?: \S+)?)/gu)) {
          mentions++;
          const [command = '', sub = ''] = (match[1] ?? '').split(' ');
          // A command with subcommands is typed with one: "/faq insights" must name a real one.
          const named = withSubcommands.has(command) ? `${command} ${sub}` : command;
          expect(typable.has(named), `${path} in ${code} names "/${match[1]}"`).toBe(true);
        }
      }
    }
    expect(mentions, 'a description that names a command (/faq config insights recording)').toBeGreaterThan(
      0,
    );
  });
});
