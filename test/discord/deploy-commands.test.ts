/**
 * `npm run deploy-commands`: what reaches Discord is exactly the definitions of the command
 * modules, in the right scope, and the script says what it registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { describeRegistration, registerCommands } from '../../src/discord/register-commands.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { runScript } from '../support/fake-discord/spawn-script.js';
import { TEST_TOKEN } from '../support/fake-discord/test-bot.js';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start({ expectedToken: TEST_TOKEN });
});

afterAll(async () => {
  await fake?.stop();
});

const definitions = commands.map((c) => c.definition);

describe('registering the slash commands', () => {
  it('puts every command definition to the guild when DISCORD_GUILD_ID is set', async () => {
    const config = loadConfig({
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guild.id,
    });
    const since = fake.requests.length;
    const registration = await registerCommands(config, commands);
    const put = await fake.waitForRequest((r) => r.method === 'PUT', 5_000, since);
    expect(put.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`);
    expect(put.body).toEqual(JSON.parse(JSON.stringify(definitions)));
    expect(registration).toEqual({
      applicationId: fake.applicationId,
      scope: 'guild',
      guildId: fake.guild.id,
      names: definitions.map((d) => d.name),
    });
    expect(describeRegistration(registration)).toContain(`to server ${fake.guild.id}`);
  });

  it('learns the application id from Discord and registers globally without DISCORD_GUILD_ID', async () => {
    const config = loadConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl });
    const since = fake.requests.length;
    const registration = await registerCommands(config, commands);
    const sent = fake.requests.slice(since).map((r) => `${r.method} ${r.path}`);
    expect(sent).toEqual(['GET /applications/@me', `PUT /applications/${fake.applicationId}/commands`]);
    expect(fake.registeredCommands.global?.map((c) => c.name)).toEqual(definitions.map((d) => d.name));
    expect(registration.scope).toBe('global');
  });

  it('defines every command within Discord limits with unique names', () => {
    const names = definitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of definitions) {
      expect(d.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.description.length).toBeLessThanOrEqual(100);
    }
  });
});

describe.concurrent('npm run deploy-commands as a process', () => {
  it('prints what it registered and where', async () => {
    const run = runScript('src/discord/deploy-commands.ts', {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guild.id,
    });
    try {
      expect(await run.exit(30_000)).toBe(0);
      expect(run.stdout()).toContain(`Registered ${definitions.length} commands to server ${fake.guild.id}`);
      for (const d of definitions) expect(run.stdout()).toContain(`/${d.name}`);
    } finally {
      run.cleanup();
    }
  }, 45_000);

  it('stops with a clear message when the token is missing', async () => {
    const run = runScript('src/discord/deploy-commands.ts', { DISCORD_API_URL: fake.apiUrl });
    try {
      expect(await run.exit(30_000)).toBe(1);
      expect(run.stderr()).toContain('DISCORD_TOKEN is not set');
    } finally {
      run.cleanup();
    }
  }, 45_000);

  it('says Discord rejected the token when it answers 401', async () => {
    const run = runScript('src/discord/deploy-commands.ts', {
      DISCORD_TOKEN: `x${TEST_TOKEN}`,
      DISCORD_API_URL: fake.apiUrl,
    });
    try {
      expect(await run.exit(30_000)).toBe(1);
      expect(run.stderr()).toContain('Discord rejected DISCORD_TOKEN (401 Unauthorized)');
      expect(run.stderr()).not.toContain(TEST_TOKEN);
    } finally {
      run.cleanup();
    }
  }, 45_000);
});
