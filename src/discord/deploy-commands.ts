/**
 * `npm run deploy-commands`: registers the slash commands from commands/index.ts and says what
 * it registered. Run it once after changing a command definition; `npm start` never registers.
 */
import { DiscordAPIError } from 'discord.js';
import dotenv from 'dotenv';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig, README_TOKEN_SECTION } from '../config.js';
import { redactTokens } from '../logger.js';
import { guardStandardStreams } from '../standard-streams.js';
import { describeRegistration, registerCommands } from './register-commands.js';

function explain(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof DiscordAPIError && error.status === 401) {
    return `Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again as shown in ${README_TOKEN_SECTION}.`;
  }
  if (error instanceof DiscordAPIError && error.status === 403) {
    return (
      'Discord refused the registration (403). If DISCORD_GUILD_ID is set, invite the bot to that server ' +
      'with the applications.commands scope first.'
    );
  }
  return redactTokens(
    `Could not register the commands: ${error instanceof Error ? error.message : String(error)}`,
  );
}

// A reader that goes away (`| head`) must not turn a registration into a crash with a stack trace.
guardStandardStreams();
dotenv.config({ quiet: true });
try {
  const registration = await registerCommands(loadConfig(), commands);
  process.stdout.write(`${describeRegistration(registration)}\n`);
} catch (error) {
  process.stderr.write(`${explain(error)}\n`);
  process.exitCode = 1;
}
