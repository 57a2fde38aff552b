/**
 * Registers the slash commands defined by the command modules (commands/index.ts), in one bulk
 * PUT that replaces whatever was registered before: to one server when DISCORD_GUILD_ID is set
 * (instant, for development), else globally. Used by `npm run deploy-commands`, never at start-up.
 */
import { REST, Routes } from 'discord.js';
import type { CommandModule } from '../../commands/types.js';
import { type Config, requireToken } from '../config.js';

export interface Registration {
  readonly applicationId: string;
  readonly scope: 'guild' | 'global';
  readonly guildId: string | null;
  /** Command names as Discord confirmed them. */
  readonly names: readonly string[];
}

export async function registerCommands(
  config: Config,
  commands: readonly CommandModule[],
): Promise<Registration> {
  const token = requireToken(config);
  const rest = new REST({ api: config.DISCORD_API_URL, timeout: 15_000 }).setToken(token);
  const applicationId =
    config.DISCORD_APPLICATION_ID ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const guildId = config.DISCORD_GUILD_ID ?? null;
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commands.map((c) => c.definition) })) as {
    name: string;
  }[];
  return {
    applicationId,
    scope: guildId ? 'guild' : 'global',
    guildId,
    names: registered.map((c) => c.name),
  };
}

export function describeRegistration(registration: Registration): string {
  const where =
    registration.scope === 'guild'
      ? `to server ${registration.guildId} (DISCORD_GUILD_ID)`
      : 'globally, for every server the bot is in';
  const names = registration.names.map((n) => `/${n}`).join(', ');
  return `Registered ${registration.names.length} command${registration.names.length === 1 ? '' : 's'} ${where} for application ${registration.applicationId}: ${names || '(none)'}`;
}
