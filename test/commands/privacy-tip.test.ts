import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { completeTips, PRIVACY_TIP_COOLDOWN_SECONDS } from '../../commands/privacy-tip.js';
import type { Tip } from '../../src/knowledge/schema.js';
import type { HandlerResponse, Reply } from '../../src/replies/reply.js';
import { createTestApp, MEMBER_ID, TEST_GUILD_ID, type TestApp } from '../support/test-app.js';
import { ManualClock } from '../tips/manual-clock.js';

const SMALL_KNOWLEDGE = fileURLToPath(new URL('../fixtures/knowledge-small', import.meta.url));

const apps: TestApp[] = [];
let clock: ManualClock;
async function start() {
  clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'));
  const app = await createTestApp({ env: { KNOWLEDGE_DIR: SMALL_KNOWLEDGE }, clock });
  apps.push(app);
  return app;
}
const afterCooldown = () => clock.advance(PRIVACY_TIP_COOLDOWN_SECONDS * 1000);
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function replyOf(response: HandlerResponse): Reply {
  if (response.kind === 'modal') throw new Error('expected a message, got a modal');
  return response.reply;
}

const autocomplete = (app: TestApp, value: string) =>
  app.dispatcher.autocomplete(app.context(), 'privacy-tip', {
    subcommand: null,
    subcommandGroup: null,
    options: { tip: value },
    focused: { name: 'tip', value },
  });

describe('/privacy-tip', () => {
  it('posts the tip asked for publicly, as an embed with where to find it, the related topic and the review date', async () => {
    const app = await start();
    const reply = replyOf(await app.run('privacy-tip', { tip: 'two-factor' }));
    expect(reply.ephemeral).toBeFalsy();
    expect(reply.mentionUserId).toBeUndefined();
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe('Privacy tip: Turn on two-factor authentication');
    expect(embed?.description).toContain('stolen password');
    expect(embed?.fields).toEqual(
      expect.arrayContaining([
        {
          name: 'Where to find it',
          value: 'Accounts Center > Password and security > Two-factor authentication',
        },
        { name: 'Related topic', value: app.services.knowledge.topic('privacy')!.title },
      ]),
    );
    expect(embed?.footer).toContain('Last reviewed Nov 1, 2026');
    expect(reply.buttons?.[0]?.[0]).toMatchObject({ customId: 'ask:topic:privacy' });
  });

  it('finds a tip by its exact title too', async () => {
    const app = await start();
    const reply = replyOf(await app.run('privacy-tip', { tip: 'review your AD preferences' }));
    expect(reply.embeds?.[0]?.title).toBe('Privacy tip: Review your ad preferences');
  });

  it('refuses an unknown tip privately', async () => {
    const app = await start();
    const reply = replyOf(await app.run('privacy-tip', { tip: 'no-such-tip' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("I don't have a tip called `no-such-tip`");
  });

  it('without a tip, posts the next one in the server rotation and advances it', async () => {
    const app = await start();
    const titles = [];
    for (let i = 0; i < 4; i++) {
      titles.push(replyOf(await app.run('privacy-tip')).embeds?.[0]?.title);
      await afterCooldown();
    }
    expect(new Set(titles.slice(0, 2)).size).toBe(2);
    expect(new Set(titles.slice(2, 4)).size).toBe(2);
    expect((await app.services.tips.store.rotation(TEST_GUILD_ID))?.cycle).toBe(2);
  });

  it('posts one tip per channel a minute, answering a repeat privately without moving the rotation', async () => {
    const app = await start();
    expect(replyOf(await app.run('privacy-tip')).ephemeral).toBeFalsy();
    await clock.advance(20_000);
    const repeat = replyOf(await app.run('privacy-tip'));
    expect(repeat.ephemeral).toBe(true);
    expect(repeat.content).toBe('A tip was just posted here; try again in 40 s.');
    expect((await app.services.tips.store.rotation(TEST_GUILD_ID))?.posted).toHaveLength(1);
    const elsewhere = replyOf(await app.run('privacy-tip', {}, { ctx: { channelId: '200000000000000099' } }));
    expect(elsewhere.ephemeral).toBeFalsy();
    await clock.advance(40_000);
    const later = replyOf(await app.run('privacy-tip'));
    expect(later.ephemeral).toBeFalsy();
    expect(later.embeds?.[0]?.title).toMatch(/^Privacy tip: /);
  });

  it('does not spend the cooldown on an unknown tip', async () => {
    const app = await start();
    expect(replyOf(await app.run('privacy-tip', { tip: 'no-such-tip' })).ephemeral).toBe(true);
    expect(replyOf(await app.run('privacy-tip', { tip: 'two-factor' })).ephemeral).toBeFalsy();
  });

  it('keeps a separate rotation in direct messages', async () => {
    const app = await start();
    await app.run('privacy-tip', {}, { ctx: { guildId: null, access: null } });
    expect((await app.services.tips.store.rotation(`dm:${MEMBER_ID}`))?.posted).toHaveLength(1);
    expect(await app.services.tips.store.rotation(TEST_GUILD_ID)).toBeNull();
  });

  it('autocompletes tips by title, id or tag, best match first', async () => {
    const app = await start();
    expect(await autocomplete(app, 'two')).toEqual([
      { name: 'Turn on two-factor authentication', value: 'two-factor' },
    ]);
    expect((await autocomplete(app, 'ads')).map((c) => c.value)).toEqual(['ad-preferences']);
    expect((await autocomplete(app, '')).map((c) => c.value)).toEqual(['ad-preferences', 'two-factor']);
  });
});

describe('completeTips', () => {
  const tip = (id: string, title: string, body = 'Some advice.'): Tip => ({
    id,
    title,
    where: 'Settings',
    topic: 'privacy',
    tags: ['privacy'],
    reviewed: '2026-11-01',
    sources: [],
    body,
  });
  const tips = [
    tip('allow-list', 'Allow only friends to message you'),
    tip('review-logins', 'Review your logins'),
    tip('login-alerts', 'Get alerts about unrecognised logins'),
    tip('lock-profile', 'Lock your profile'),
    tip('ad-topics', 'See fewer ads', 'Follow the blog for more.'),
  ];

  it('ranks id or title prefixes first, then a word starting with the text, then the text anywhere', async () => {
    expect(completeTips(tips, 'lo', 25).map((t) => t.id)).toEqual([
      'login-alerts',
      'lock-profile',
      'review-logins',
      'allow-list',
      'ad-topics',
    ]);
  });

  it("completes the project's tips by prefix: `lo` offers the tips whose id starts with it first", async () => {
    const app = await createTestApp();
    apps.push(app);
    const ids = completeTips(app.services.knowledge.tips, 'lo', 25).map((t) => t.id);
    expect(ids.slice(0, 3).sort()).toEqual(['location-on-posts', 'logging-in-with-accounts', 'login-alerts']);
  });
});
