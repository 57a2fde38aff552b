/**
 * /help: what each command does, built from the command definitions themselves so it can
 * never drift from what is registered. Given the registry lazily because the registry
 * includes this command.
 */
import { type APIApplicationCommandOption, ApplicationCommandOptionType } from 'discord-api-types/v10';
import { message } from '../src/replies/reply.js';
import { ANSWER_COLOR } from '../src/replies/topic-reply.js';
import type { CommandDefinition, CommandModule } from './types.js';

const definition = {
  name: 'help',
  description: 'What the bot can do and how to ask it',
} satisfies CommandDefinition;

function usage(options: readonly APIApplicationCommandOption[] | undefined): string {
  return (options ?? [])
    .filter(
      (o) =>
        o.type !== ApplicationCommandOptionType.Subcommand &&
        o.type !== ApplicationCommandOptionType.SubcommandGroup,
    )
    .map((o) => (o.required ? ` ${o.name}` : ` [${o.name}]`))
    .join('');
}

/** One line per command, or per subcommand for commands that have them. */
export function helpLines(definitions: readonly CommandDefinition[]): string[] {
  const lines: string[] = [];
  const add = (path: string, description: string, options?: readonly APIApplicationCommandOption[]) =>
    lines.push(`\`/${path}${usage(options)}\` — ${description}`);
  for (const def of definitions) {
    const subcommands = (def.options ?? []).filter(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subcommands.length === 0) {
      add(def.name, def.description ?? '', def.options);
      continue;
    }
    for (const sub of subcommands) {
      if (sub.type === ApplicationCommandOptionType.SubcommandGroup) {
        for (const inner of sub.options ?? [])
          add(`${def.name} ${sub.name} ${inner.name}`, inner.description, inner.options);
      } else if (sub.type === ApplicationCommandOptionType.Subcommand) {
        add(`${def.name} ${sub.name}`, sub.description, sub.options);
      }
    }
  }
  return lines;
}

export function createHelpCommand(registry: () => readonly CommandModule[]): CommandModule {
  return {
    definition,
    run() {
      const lines = helpLines(registry().map((c) => c.definition));
      return message({
        ephemeral: true,
        embeds: [
          {
            title: 'How to use this bot',
            description:
              "I answer questions about how Facebook, Instagram, Messenger and Meta's other apps are connected. " +
              'Start with `/connected`, or `/ask` anything in your own words.\n\n' +
              lines.join('\n'),
            color: ANSWER_COLOR,
          },
        ],
      });
    },
  };
}
