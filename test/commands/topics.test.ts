import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicsReply } from '../../commands/topics.js';
import { translator } from '../../src/i18n/messages.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { topicButtonId } from '../../src/replies/topic-reply.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { buttonIds, expectWithinDiscordLimits, messageReply, syntheticTopic } from './reply-checks.js';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(async () => {
  await app.close();
});

describe('/topics', () => {
  it('lists every topic publicly with its title, one-line summary and id, the overview first', async () => {
    const reply = messageReply(await app.run('topics'));
    const fields = reply.embeds?.[0]?.fields ?? [];
    const { topics } = app.services.knowledge;
    expect(reply.ephemeral).toBeFalsy();
    expect(fields).toHaveLength(topics.length);
    expect(fields[0]?.name).toBe(app.services.knowledge.topic('overview')?.title);
    for (const t of topics) {
      const field = fields.find((f) => f.name === t.title);
      expect(field?.value, t.id).toContain(t.summary);
      expect(field?.value, t.id).toContain(`\`${t.id}\``);
    }
  });

  it('offers one button per topic, in rows of at most five', async () => {
    const reply = messageReply(await app.run('topics'));
    const ids = app.services.knowledge.topics.map((t) => topicButtonId(t.id, 'en-US'));
    expect([...buttonIds(reply)].sort()).toEqual([...ids].sort());
    for (const row of reply.buttons ?? []) expect(row.length).toBeLessThanOrEqual(5);
  });

  it('opens the topic whose button is clicked', async () => {
    const reply = messageReply(await app.run('topics'));
    const last = buttonIds(reply).at(-1) ?? '';
    const answer = messageReply(
      await app.dispatcher.handle(app.context(), { type: 'component', customId: last, messageId: '1' }),
    );
    const id = last.replace('ask:topic:', '');
    expect(answer.embeds?.[0]?.title).toBe(app.services.knowledge.topic(id)?.title);
  });

  it('stays within every Discord limit and mentions nobody', async () => {
    expectWithinDiscordLimits(messageReply(await app.run('topics')), '/topics');
  });

  it('drops the buttons, keeps within the limits and says how many are shown when topics outgrow one message', () => {
    const topics = Array.from({ length: 30 }, (_, i) => syntheticTopic(i));
    const reply = topicsReply(new KnowledgeBase(topics, []), translator('en-US'));
    expectWithinDiscordLimits(reply, '30 topics');
    expect(reply.buttons).toBeUndefined();
    const shown = reply.embeds?.[0]?.fields?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(30);
    expect(reply.embeds?.[0]?.footer).toContain(`${shown} of 30 topics shown`);
  });

  it('measures its 6,000-character budget as Discord does, so topics written in emoji are not dropped early', () => {
    // 20 fields of about 270 characters each: 5,400 characters fit the budget, though in UTF-16
    // units (every emoji two) they would come to about twice that.
    const topics = Array.from({ length: 20 }, (_, i) =>
      syntheticTopic(i, { title: `Topic ${i}`, summary: '🔗'.repeat(250) }),
    );
    const reply = topicsReply(new KnowledgeBase(topics, []), translator('en-US'));
    expectWithinDiscordLimits(reply, '20 emoji topics');
    expect(reply.embeds?.[0]?.fields).toHaveLength(20);
    expect(reply.embeds?.[0]?.footer).toBe('20 topics');
  });

  it('keeps buttons for exactly 25 topics, five full rows', () => {
    const topics = Array.from({ length: 25 }, (_, i) =>
      syntheticTopic(i, { summary: 'Short.', title: `Topic ${i}` }),
    );
    const reply = topicsReply(new KnowledgeBase(topics, []), translator('en-US'));
    expect(reply.buttons?.map((row) => row.length)).toEqual([5, 5, 5, 5, 5]);
    expectWithinDiscordLimits(reply, '25 topics');
  });
});
