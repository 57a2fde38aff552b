/**
 * The Discord bench's second baseline: discord.js alone. A Client with the Guilds intent (as the
 * bot has) that answers every slash command with a small constant reply through discord.js's own
 * `interaction.reply`, with no dispatcher, handler or logging. The gap between this and the raw
 * baseline is discord.js's cost per interaction; the gap between this and the bot is ours. Run as
 * a child process by bench/discord.ts with DISCORD_API_URL and DISCORD_TOKEN; prints "ready".
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL ?? '' },
  allowedMentions: { parse: [] },
});

client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  interaction
    .reply({ content: 'baseline' })
    .catch((error: unknown) => process.stderr.write(`reply failed: ${String(error)}\n`));
});
client.once(Events.ClientReady, () => process.stderr.write('"msg":"ready"\n'));

process.on('SIGTERM', () => {
  client.destroy().finally(() => process.exit(0));
});

await client.login(process.env.DISCORD_TOKEN);
