/**
 * discord.js interaction -> the transport-agnostic pieces handlers receive: who asks, where, with
 * which permissions (re-read from every interaction, buttons and modals included, so a member who
 * lost a role loses its powers at once), and the options, custom id or form fields as plain data.
 */
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import type { AutocompleteInput, CommandContext, CommandInput, MemberAccess } from '../../commands/types.js';
import { DEFAULT_LOCALE, supportedLocale } from '../i18n/locales.js';
import type { Services } from '../services.js';
import { readCommandOptions } from './command-options.js';

/** Administrator implies both flags (PermissionsBitField.has checks it by default). */
export function memberAccess(interaction: Interaction): MemberAccess | null {
  if (!interaction.inGuild()) return null;
  const permissions = interaction.memberPermissions;
  const member = interaction.member;
  const roleIds = Array.isArray(member.roles)
    ? [...member.roles]
    : [...member.roles.cache.keys()].filter((id) => id !== interaction.guildId);
  return {
    manageMessages: permissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
    manageGuild: permissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds,
  };
}

export function commandContext(interaction: Interaction, services: Services): CommandContext {
  const member = interaction.member;
  const displayName = member && 'displayName' in member ? member.displayName : interaction.user.displayName;
  return {
    interactionId: interaction.id,
    user: { id: interaction.user.id, displayName },
    guildId: interaction.guildId,
    // From the Guilds intent's cache; used to say which server a DM is about.
    guildName: interaction.guild?.name ?? null,
    channelId: interaction.channelId,
    access: memberAccess(interaction),
    locale: supportedLocale(interaction.locale) ?? DEFAULT_LOCALE,
    guildLocale: supportedLocale(interaction.guildLocale),
    services,
  };
}

/** User, channel, role and attachment options carry their id as `value`, which is what handlers get. */
export function commandInput(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction,
): CommandInput {
  const { subcommandGroup, subcommand, options } = readCommandOptions(interaction.options.data);
  return { subcommandGroup, subcommand, options };
}

export function autocompleteInput(interaction: AutocompleteInteraction): AutocompleteInput {
  const focused = interaction.options.getFocused(true);
  return { ...commandInput(interaction), focused: { name: focused.name, value: String(focused.value) } };
}

export function modalFields(interaction: ModalSubmitInteraction): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if ('value' in field && typeof field.value === 'string') fields[id] = field.value;
  }
  return fields;
}
