/**
 * /faq insights and /faq config insights (commands/faq.ts, src/insights/insights-reply.ts):
 * moderators see the server's unanswered questions grouped by the matcher's terms and can open
 * a pre-filled suggestion form from each; members are refused privately, at the command and at
 * the button.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAQ_IDS, FIELD_IDS } from '../../src/faq/faq-replies.js';
import { t } from '../../src/i18n/messages.js';
import {
  AS_MEMBER,
  AS_MODERATOR,
  buttonIds,
  click,
  faq,
  faqConfig,
  manualClock,
  replyOf,
} from '../faq/faq-flow.js';
import { createTestApp, OTHER_GUILD_ID, TEST_GUILD_ID, type TestApp } from '../support/test-app.js';
import { expectWithinDiscordLimits } from './reply-checks.js';

const DAY = 86_400_000;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function start() {
  const clock = manualClock();
  const app = await createTestApp({ clock });
  apps.push(app);
  return { app, clock };
}

function unanswered(app: TestApp, question: string, guildId = TEST_GUILD_ID) {
  return app.services.insights.recordUnanswered({
    guildId,
    question,
    outcome: 'not-confident',
    guesses: [{ kind: 'topic', id: 'privacy', title: 'Privacy', score: 0.37 }],
    locale: 'en-US',
  });
}

describe('/faq insights', () => {
  it('shows moderators the most frequent questions, wordings grouped, with counts, guesses and a button each', async () => {
    const { app } = await start();
    await unanswered(app, 'who can see my likes on facebook');
    await unanswered(app, 'Who can SEE my likes on Facebook??');
    await unanswered(app, 'does whatsapp read my messages');
    await unanswered(app, 'a question of another server', OTHER_GUILD_ID);
    const response = await faq(app, 'insights', {}, AS_MODERATOR);
    const reply = replyOf(response);
    expect(reply.ephemeral).toBe(true);
    const lines = (reply.content ?? '').split('\n');
    expect(lines[1]).toContain('Who can SEE my likes on Facebook??');
    expect(lines[1]).toContain('×2');
    expect(lines[1]).toContain('0.37');
    expect(lines[2]).toContain('does whatsapp read my messages');
    expect(reply.content).not.toContain('another server');
    const kept = await app.services.insights.store.list(TEST_GUILD_ID, 0);
    expect(buttonIds(response)).toEqual([FAQ_IDS.fromInsight(kept[1]!.id), FAQ_IDS.fromInsight(kept[2]!.id)]);
    expectWithinDiscordLimits(reply);
  });

  it('looks back only as many days as asked', async () => {
    const { app, clock } = await start();
    await unanswered(app, 'an old question about messenger');
    clock.advance(5 * DAY);
    await unanswered(app, 'a new question about threads');
    const text = replyOf(await faq(app, 'insights', { days: 2 }, AS_MODERATOR)).content ?? '';
    expect(text).toContain('a new question about threads');
    expect(text).not.toContain('messenger');
  });

  it('opens the suggestion form pre-filled with the question from a button, for moderators only', async () => {
    const { app } = await start();
    await unanswered(app, 'can <@123> see my instagram close friends list');
    const [buttonId] = buttonIds(await faq(app, 'insights', {}, AS_MODERATOR));
    const opened = await click(app, buttonId!, AS_MODERATOR);
    expect(opened.kind).toBe('modal');
    if (opened.kind !== 'modal') return;
    expect(opened.modal.customId).toBe(FAQ_IDS.suggest());
    const question = opened.modal.fields.find((f) => f.customId === FIELD_IDS.question);
    expect(question?.value).toBe('can <@\u200b123> see my instagram close friends list');

    const refused = replyOf(await click(app, buttonId!, AS_MEMBER));
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).not.toContain('close friends');
  });

  it('refuses members privately and shows them no question', async () => {
    const { app } = await start();
    await unanswered(app, 'who can see my likes on facebook');
    const reply = replyOf(await faq(app, 'insights', {}, AS_MEMBER));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).not.toContain('likes');
    expect(reply.buttons ?? []).toEqual([]);
  });

  it('says so when there is nothing to show', async () => {
    const { app } = await start();
    const reply = replyOf(await faq(app, 'insights', {}, AS_MODERATOR));
    expect(reply.content).toMatch(/^No unanswered or not-helpful questions here since /);
    expect(reply.buttons ?? []).toEqual([]);
  });

  it('says that recording is off, and how to turn it on, rather than that nothing went unanswered', async () => {
    const { app } = await start();
    await unanswered(app, 'who can see my likes on facebook');
    await faqConfig(app, 'insights', { recording: 'off' }, AS_MODERATOR);
    // What was kept before is still reported, with a note that nothing new is added.
    const kept = replyOf(await faq(app, 'insights', {}, AS_MODERATOR));
    expect(kept.content).toContain('who can see my likes on facebook');
    expect(kept.content?.split('\n')[1]).toBe(t('en-US', 'faq.insights.recordingOffNote'));
    const fresh = await start();
    await faqConfig(fresh.app, 'insights', { recording: 'off' }, AS_MODERATOR);
    const empty = replyOf(await faq(fresh.app, 'insights', {}, AS_MODERATOR));
    expect(empty.content).toBe(t('en-US', 'faq.insights.notRecording'));
    expect(empty.content).toContain('/faq config insights recording:on');
  });
});

describe('/faq config insights', () => {
  it('lets a moderator switch recording off and on, and refuses members', async () => {
    const { app } = await start();
    const off = replyOf(await faqConfig(app, 'insights', { recording: 'off' }, AS_MODERATOR));
    expect(off).toEqual({ content: t('en-US', 'faq.insightsOff'), ephemeral: true });
    expect(await app.services.insights.store.isRecording(TEST_GUILD_ID)).toBe(false);
    await unanswered(app, 'a question while switched off');
    expect(await app.services.insights.store.list(TEST_GUILD_ID, 0)).toEqual([]);

    const refused = replyOf(await faqConfig(app, 'insights', { recording: 'on' }, AS_MEMBER));
    expect(refused.ephemeral).toBe(true);
    expect(await app.services.insights.store.isRecording(TEST_GUILD_ID)).toBe(false);

    const on = replyOf(await faqConfig(app, 'insights', { recording: 'on' }, AS_MODERATOR));
    expect(on.content).toBe(t('en-US', 'faq.insightsOn', { days: 30 }));
    expect(await app.services.insights.store.isRecording(TEST_GUILD_ID)).toBe(true);
  });
});
