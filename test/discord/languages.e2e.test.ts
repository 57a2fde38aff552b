/**
 * Languages end to end, through the local Discord stand-in with `locale` set per interaction:
 * `npm run deploy-commands` registers every command's localised names and descriptions, and a
 * member whose Discord speaks Spanish or German gets buttons, errors and the cooldown notice in
 * that language, over the gateway and over the HTTP interactions endpoint alike.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import { t as text } from '../../src/i18n/messages.js';
import { PERMISSIONS } from '../support/fake-discord/permissions.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/fake-discord/test-bot.js';
import { startTestServer, type TestServer } from '../support/fake-discord/test-server.js';

const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const buttons = (data: { components?: { components: { custom_id?: string; label?: string }[] }[] }) =>
  (data.components ?? []).flatMap((row) => row.components);

const SPANISH = { user: { id: '320000000000000001', username: 'lucia' }, locale: 'es-ES' };
const LATIN_AMERICAN = { user: { id: '320000000000000002', username: 'mateo' }, locale: 'es-419' };
const GERMAN = {
  user: { id: '320000000000000003', username: 'jonas' },
  locale: 'de',
  permissions: PERMISSIONS.member,
};

describe('over the gateway', () => {
  let t: TestBot;
  beforeAll(async () => {
    // A real /ask cooldown, so the second question in a row gets the notice.
    t = await startTestBot({ env: { ASK_COOLDOWN_SECONDS: '30', REPEAT_ANSWER_SECONDS: '0' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.fake.rejected).toEqual([]);
  });

  it('registers every command with its names and descriptions in every language, Spanish for es-ES and es-419', async () => {
    const config = loadConfig({
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: t.fake.apiUrl,
      DISCORD_APPLICATION_ID: t.fake.applicationId,
    });
    await registerCommands(config, commands);
    const registered = t.fake.registeredCommands.global ?? [];
    const ask = registered.find((c) => c.name === 'ask') as
      | { name_localizations: Record<string, string>; description_localizations: Record<string, string> }
      | undefined;
    expect(ask?.name_localizations).toMatchObject({
      'es-ES': text('es-ES', 'commands.ask.name'),
      'es-419': text('es-ES', 'commands.ask.name'),
      'pt-BR': text('pt-BR', 'commands.ask.name'),
      fr: text('fr', 'commands.ask.name'),
      de: text('de', 'commands.ask.name'),
      id: text('id', 'commands.ask.name'),
      hi: text('hi', 'commands.ask.name'),
    });
    expect(ask?.name_localizations['es-ES']).not.toBe('ask');
    expect(ask?.description_localizations.de).toBe(text('de', 'commands.ask.description'));
    // Every command is registered with localisations, not just /ask.
    for (const command of registered) {
      expect(
        Object.keys((command as { name_localizations?: object }).name_localizations ?? {}).sort(),
      ).toEqual(['de', 'es-419', 'es-ES', 'fr', 'hi', 'id', 'pt-BR']);
    }
  });

  it('shows a member whose Discord speaks Spanish Spanish buttons, and they answer in Spanish', async () => {
    const { callback } = await t.fake.sendSlashCommand({ name: 'connected', ...SPANISH });
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const overview = t.bot.app.services.library.in('es-ES').topic('overview')!;
    const whole = buttons(callback.data).find((b) => b.custom_id?.startsWith('ask:full:overview'));
    expect(whole?.label).toBe(text('es-ES', 'answer.allAbout', { label: overview.label }));
    expect(whole?.custom_id).toBe('ask:full:overview:~es-ES');

    // Anyone who clicks it gets the whole overview in Spanish, whatever their own language.
    const clicked = await t.fake.clickButton('ask:full:overview:~es-ES', { ...GERMAN });
    expect(clicked.callback.data.embeds[0].fields[0].name).toBe(text('es-ES', 'common.sources'));
  });

  it('answers a Latin American Spanish member in Spanish, errors and cooldown notice included, privately', async () => {
    const empty = await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: '   ' },
      ...LATIN_AMERICAN,
    });
    expect(isEphemeral(empty.callback.data)).toBe(true);
    expect(empty.callback.data.content).toBe(text('es-ES', 'ask.empty'));
    expect(empty.callback.data.content).toContain(`\`/${text('es-ES', 'commands.ask.name')} `);

    await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: 'who owns instagram' },
      ...LATIN_AMERICAN,
    });
    const again = await t.fake.sendSlashCommand({
      name: 'ask',
      options: { question: 'who owns whatsapp' },
      ...LATIN_AMERICAN,
    });
    expect(isEphemeral(again.callback.data)).toBe(true);
    expect(again.callback.data.content).toMatch(
      new RegExp(`^${text('es-ES', 'ask.cooldown', { seconds: 999 }).split('999')[0]}\\d+`),
    );
  });

  it('refuses a German member a moderator action in German, privately', async () => {
    const { callback } = await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'review', ...GERMAN });
    expect(isEphemeral(callback.data)).toBe(true);
    expect(callback.data.content).toBe(text('de', 'permissions.faqModeratorOnly'));
    expect(callback.data.content).not.toBe(text('en-US', 'permissions.faqModeratorOnly'));
  });

  it('shows a German member /help with the command names and descriptions their Discord shows', async () => {
    const { callback } = await t.fake.sendSlashCommand({ name: 'help', ...GERMAN });
    const help = callback.data.embeds[0];
    expect(help.title).toBe(text('de', 'help.title'));
    expect(help.description).toContain(
      `\`/${text('de', 'commands.ask.name')} ${text('de', 'commands.ask.options.question.name')}\` — ${text('de', 'commands.ask.description')}`,
    );
  });
});

describe('over the HTTP interactions endpoint', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { ASK_COOLDOWN_SECONDS: '0', REPEAT_ANSWER_SECONDS: '0' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.fake.rejected).toEqual([]);
  });

  it('answers a German member in German and a Spanish one in Spanish', async () => {
    const german = await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'review', ...GERMAN });
    expect(german.callback.data.content).toBe(text('de', 'permissions.faqModeratorOnly'));
    const spanish = await t.fake.sendSlashCommand({
      name: 'privacy-tip',
      options: { tip: { type: ApplicationCommandOptionType.String, value: 'no-such-tip' } },
      ...SPANISH,
    });
    expect(isEphemeral(spanish.callback.data)).toBe(true);
    expect(spanish.callback.data.content).toBe(text('es-ES', 'tip.unknown', { tip: '`no-such-tip`' }));
  });
});
