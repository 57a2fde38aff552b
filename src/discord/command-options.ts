/**
 * A slash command's options as Discord sends them (a tree: an optional subcommand group, an
 * optional subcommand, then the leaf options) -> the flat CommandInput handlers receive. Shared by
 * the gateway (discord.js's `interaction.options.data`) and the HTTP endpoint (the raw JSON), which
 * carry the same fields.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandInput, OptionValue } from '../../commands/types.js';

/** One option as Discord sends it; discord.js's CommandInteractionOption has the same fields. */
export interface CommandOptionNode {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number | boolean | null | undefined;
  readonly focused?: boolean | undefined;
  readonly options?: readonly CommandOptionNode[] | undefined;
}

/**
 * The subcommand group and subcommand (null when absent) and every leaf option with a value, by
 * name. User, channel, role and attachment options carry their id as `value`, which is what
 * handlers get. `focused` is the leaf the user is typing in (autocomplete), if any.
 */
export function readCommandOptions<T extends CommandOptionNode>(
  options: readonly T[] | undefined,
): CommandInput & { readonly focused: T | undefined } {
  let leaves: readonly CommandOptionNode[] = options ?? [];
  let subcommandGroup: string | null = null;
  let subcommand: string | null = null;
  const first = leaves[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    subcommandGroup = first.name;
    leaves = first.options ?? [];
  }
  const sub = leaves[0];
  if (sub?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = sub.name;
    leaves = sub.options ?? [];
  }
  const values: Record<string, OptionValue> = {};
  let focused: T | undefined;
  for (const option of leaves) {
    if (option.value !== undefined && option.value !== null) values[option.name] = option.value;
    if (option.focused) focused = option as T;
  }
  return { subcommandGroup, subcommand, options: values, focused };
}
