/**
 * /help: what each command does, built from the command definitions themselves so it can
 * never drift from what is registered, in the reader's language: the names and descriptions
 * their Discord client shows them (the definitions' localisations). Given the registry lazily
 * because the registry includes this command.
 */
import { type APIApplicationCommandOption, ApplicationCommandOptionType } from 'discord-api-types/v10';
import { localiseCommand, localisedText } from '../src/i18n/command-localisations.js';
import { DEFAULT_LOCALE, type Locale } from '../src/i18n/locales.js';
import { t } from '../src/i18n/messages.js';
import { message } from '../src/replies/reply.js';
import { ANSWER_COLOR } from '../src/replies/topic-reply.js';
import type { CommandDefinition, CommandModule } from './types.js';

const definition = localiseCommand({ name: 'help' });

/** A definition's or option's name and description as a member with `locale` sees them. */
interface Named {
  readonly name: string;
  readonly name_localizations?: Readonly<Record<string, string | null>> | null;
  readonly description?: string;
  readonly description_localizations?: Readonly<Record<string, string | null>> | null;
}
const nameIn = (item: Named, locale: Locale) => localisedText(item.name, item.name_localizations, locale);
const descriptionIn = (item: Named, locale: Locale) =>
  localisedText(item.description ?? '', item.description_localizations, locale);

function usage(options: readonly APIApplicationCommandOption[] | undefined, locale: Locale): string {
  return (options ?? [])
    .filter(
      (o) =>
        o.type !== ApplicationCommandOptionType.Subcommand &&
        o.type !== ApplicationCommandOptionType.SubcommandGroup,
    )
    .map((o) => (o.required ? ` ${nameIn(o, locale)}` : ` [${nameIn(o, locale)}]`))
    .join('');
}

/** One line per command, or per subcommand for commands that have them, as `locale` reads them. */
export function helpLines(
  definitions: readonly CommandDefinition[],
  locale: Locale = DEFAULT_LOCALE,
): string[] {
  const lines: string[] = [];
  const add = (path: string, item: Named, options?: readonly APIApplicationCommandOption[]) =>
    lines.push(`\`/${path}${usage(options, locale)}\` — ${descriptionIn(item, locale)}`);
  for (const def of definitions) {
    const name = nameIn(def, locale);
    const subcommands = (def.options ?? []).filter(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subcommands.length === 0) {
      add(name, def, def.options);
      continue;
    }
    for (const sub of subcommands) {
      if (sub.type === ApplicationCommandOptionType.SubcommandGroup) {
        for (const inner of sub.options ?? [])
          add(`${name} ${nameIn(sub, locale)} ${nameIn(inner, locale)}`, inner, inner.options);
      } else if (sub.type === ApplicationCommandOptionType.Subcommand) {
        add(`${name} ${nameIn(sub, locale)}`, sub, sub.options);
      }
    }
  }
  return lines;
}

export function createHelpCommand(registry: () => readonly CommandModule[]): CommandModule {
  return {
    definition,
    run(ctx) {
      const lines = helpLines(
        registry().map((c) => c.definition),
        ctx.locale,
      );
      return message({
        ephemeral: true,
        embeds: [
          {
            title: t(ctx.locale, 'help.title'),
            description: `${t(ctx.locale, 'help.intro')}\n\n${lines.join('\n')}`,
            color: ANSWER_COLOR,
          },
        ],
      });
    },
  };
}
