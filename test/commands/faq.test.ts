import { afterEach, describe, expect, it } from 'vitest';
import { FAQ_LIMITS } from '../../src/faq/validation.js';
import { translator } from '../../src/i18n/messages.js';
import { OutboxError } from '../../src/replies/outbox.js';
import { describePostProblem } from '../../src/replies/post-problem.js';
import {
  AS_MEMBER,
  AS_MODERATOR,
  buttonIds,
  click,
  faq,
  faqConfig,
  GOOD_SUGGESTION,
  manualClock,
  replyOf,
  submit,
  suggest,
  textOf,
} from '../faq/faq-flow.js';
import {
  createTestApp,
  MEMBER_ID,
  MODERATOR_ID,
  OTHER_GUILD_ID,
  TEST_GUILD_ID,
  type TestApp,
} from '../support/test-app.js';

const PARAPHRASE = 'how can i get an archive of my threads posts';
const REVIEW_CHANNEL = '200000000000000077';
const ROLE_ID = '400000000000000001';

const apps: TestApp[] = [];
async function start(overrides: Record<string, string> = {}) {
  const env = { FAQ_SUGGEST_COOLDOWN_SECONDS: '0', ASK_COOLDOWN_SECONDS: '0', ...overrides };
  const clock = manualClock();
  const app = await createTestApp({ env, clock });
  apps.push(app);
  return { app, clock };
}
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** What `/faq show` autocomplete offers for `typed`. */
function autocomplete(app: TestApp, typed: string, guildId = TEST_GUILD_ID) {
  return app.dispatcher.autocomplete(app.context({ guildId }), 'faq', {
    subcommand: 'show',
    subcommandGroup: null,
    options: {},
    focused: { name: 'entry', value: typed },
  });
}

/** A fresh app with one pending suggestion by the member, and its id. */
async function startWithSuggestion() {
  const started = await start();
  await suggest(started.app);
  return { ...started, id: await onlyPendingId(started.app) };
}

/** Lets notices that run after the handler has answered (the author's DM) finish. */
const backgroundWork = () => new Promise((resolve) => setImmediate(resolve));

async function pendingIds(app: TestApp, guildId = TEST_GUILD_ID): Promise<number[]> {
  return (await app.services.faq.store.listByStatus(guildId, 'pending')).map((e) => e.id);
}

async function onlyPendingId(app: TestApp): Promise<number> {
  const ids = await pendingIds(app);
  if (ids.length !== 1 || ids[0] === undefined)
    throw new Error(`expected one pending suggestion, found ${ids.length}`);
  return ids[0];
}

async function approvedEntry(
  app: TestApp,
  fields: Record<string, string> = GOOD_SUGGESTION,
): Promise<number> {
  await suggest(app, fields);
  const id = await onlyPendingId(app);
  const approved = await click(app, `faq:approve:${id}`, AS_MODERATOR);
  expect(approved.kind).toBe('update');
  return id;
}

describe('/faq suggest', () => {
  it('opens a modal whose field limits match the validation rules', async () => {
    const { app } = await start();
    const response = await faq(app, 'suggest');
    expect(response.kind).toBe('modal');
    if (response.kind !== 'modal') return;
    const byId = Object.fromEntries(response.modal.fields.map((f) => [f.customId, f]));
    expect(byId.question).toMatchObject({ minLength: 10, maxLength: 200, required: true });
    expect(byId.answer).toMatchObject({ minLength: 20, maxLength: 1500, required: true, style: 'paragraph' });
    expect(byId.source).toMatchObject({ required: false });
  });

  it('stores a submitted suggestion as pending and confirms it privately', async () => {
    const { app } = await start();
    const response = await suggest(app);
    expect(replyOf(response).ephemeral).toBe(true);
    expect(textOf(response)).toMatch(/suggestion #\d+ is waiting for a moderator/);
    const [entry] = await app.services.faq.store.listByStatus(TEST_GUILD_ID, 'pending');
    expect(entry).toMatchObject({
      question: GOOD_SUGGESTION.question,
      authorId: MEMBER_ID,
      sourceUrl: GOOD_SUGGESTION.source,
    });
  });

  it('announces the suggestion in the review channel with Approve, Edit and Reject buttons', async () => {
    const { app } = await start();
    await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
    await suggest(app);
    const id = await onlyPendingId(app);
    expect(app.outbox.posts).toHaveLength(1);
    const [post] = app.outbox.posts;
    expect(post?.channelId).toBe(REVIEW_CHANNEL);
    expect(post?.reply.mentionUserId).toBeUndefined();
    expect(post?.reply.buttons?.flat().map((b) => ('customId' in b ? b.customId : b.url))).toEqual([
      `faq:approve:${id}`,
      `faq:review-edit:${id}`,
      `faq:reject:${id}`,
      GOOD_SUGGESTION.source,
    ]);
  });

  it('shows moderators the source as a link button named by its host, never as a Markdown link', async () => {
    const { app } = await start();
    await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
    await suggest(app);
    const reply = app.outbox.posts[0]?.reply;
    expect(reply?.buttons?.[1]).toEqual([
      { url: GOOD_SUGGESTION.source, label: 'Source: help.instagram.com' },
    ]);
    const source = reply?.embeds?.[0]?.fields?.find((f) => f.name === 'Source');
    expect(source?.value).toBe('`help.instagram.com`');
  });

  it('still stores the suggestion when the review channel cannot be reached', async () => {
    const { app } = await start();
    await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
    app.outbox.failingChannels.set(REVIEW_CHANNEL, new OutboxError('missing-access', 'no access'));
    const response = await suggest(app);
    expect(textOf(response)).toMatch(/waiting for a moderator/);
    expect(await pendingIds(app)).toHaveLength(1);
  });

  it(`refuses a member's ${FAQ_LIMITS.maxPendingPerMember + 1}th pending suggestion, before and after the modal`, async () => {
    const { app } = await start();
    for (let i = 0; i < FAQ_LIMITS.maxPendingPerMember; i++) await suggest(app);
    const opening = await faq(app, 'suggest');
    expect(opening.kind).toBe('message');
    expect(textOf(opening)).toMatch(/already have 3 suggestions waiting/);
    const late = await submit(app, 'faq:suggest', GOOD_SUGGESTION);
    expect(replyOf(late).ephemeral).toBe(true);
    expect(await pendingIds(app)).toHaveLength(3);
  });

  it('makes a member wait FAQ_SUGGEST_COOLDOWN_SECONDS between suggestions', async () => {
    const { app, clock } = await start({ FAQ_SUGGEST_COOLDOWN_SECONDS: '60' });
    await suggest(app);
    const tooSoon = await suggest(app);
    expect(replyOf(tooSoon).ephemeral).toBe(true);
    expect(textOf(tooSoon)).toMatch(/suggest again in 60 seconds/);
    expect(await pendingIds(app)).toHaveLength(1);

    clock.advance(60_000);
    await suggest(app);
    expect(await pendingIds(app)).toHaveLength(2);
  });

  it.each([
    [
      'an invite link in the answer',
      { answer: `${GOOD_SUGGESTION.answer} Join us at discord.gg/abcdef` },
      /invite link/,
    ],
    ['an invite link as the source', { source: 'https://discord.com/invite/abcdef' }, /invite link/],
    ['a question that is too short', { question: 'Threads?' }, /at least 10 characters/],
    ['an http source', { source: 'http://help.instagram.com/' }, /https:\/\//],
    ['a source that is not a link', { source: 'my friend told me' }, /https:\/\//],
    [
      'an answer of only control characters and spaces',
      { answer: '\u0000\u0007   \u001b' },
      /at least 20 characters/,
    ],
  ])('refuses %s privately and stores nothing', async (_name, change, error) => {
    const { app } = await start();
    const response = await suggest(app, { ...GOOD_SUGGESTION, ...change });
    expect(replyOf(response).ephemeral).toBe(true);
    expect(textOf(response)).toMatch(error);
    expect(textOf(response)).toMatch(/Nothing was saved/);
    expect(await app.services.faq.store.auditTrail(TEST_GUILD_ID)).toEqual([]);
  });

  it('does not start the cooldown when the suggestion was refused', async () => {
    const { app } = await start({ FAQ_SUGGEST_COOLDOWN_SECONDS: '60' });
    await suggest(app, { ...GOOD_SUGGESTION, question: 'short' });
    await suggest(app);
    expect(await pendingIds(app)).toHaveLength(1);
  });

  it('stores mass and user mentions inert and strips control characters', async () => {
    const { app } = await start();
    await suggest(app, {
      ...GOOD_SUGGESTION,
      question: 'Hey @everyone and <@&123456789012345678>, how do I\u0007 download my Threads posts?',
      answer: `${GOOD_SUGGESTION.answer}\nAsk <@!123456789012345678> or @here.\tThanks`,
    });
    const [entry] = await app.services.faq.store.listByStatus(TEST_GUILD_ID, 'pending');
    expect(entry?.question).toBe(
      'Hey @\u200beveryone and <@\u200b&123456789012345678>, how do I download my Threads posts?',
    );
    expect(entry?.answer).toContain('Ask <@\u200b!123456789012345678> or @\u200bhere.\tThanks');
    expect(entry?.answer).toContain('\n');
  });
});

describe('reviewing suggestions', () => {
  it('shows moderators the oldest pending suggestion and how many are waiting', async () => {
    const { app } = await start();
    await suggest(app);
    await suggest(app, { ...GOOD_SUGGESTION, question: 'A second question about Threads?' });
    const [oldest] = await pendingIds(app);
    const response = await faq(app, 'review', {}, AS_MODERATOR);
    expect(replyOf(response).ephemeral).toBe(true);
    expect(textOf(response)).toContain(`FAQ suggestion #${oldest}`);
    expect(textOf(response)).toContain('2 suggestions waiting');
    expect(buttonIds(response)).toContain(`faq:approve:${oldest}`);
  });

  it('refuses /faq review to a member', async () => {
    const { app } = await start();
    await suggest(app);
    const response = await faq(app, 'review', {}, AS_MEMBER);
    expect(textOf(response)).toMatch(/Only FAQ moderators/);
  });

  it("refuses a member's Approve click and leaves the suggestion pending", async () => {
    const { app, id } = await startWithSuggestion();
    const response = await click(app, `faq:approve:${id}`, AS_MEMBER);
    expect(response.kind).toBe('message');
    expect(replyOf(response).ephemeral).toBe(true);
    expect(textOf(response)).toMatch(/Only FAQ moderators/);
    expect(await pendingIds(app)).toEqual([id]);
    expect((await app.services.faq.store.auditTrail(TEST_GUILD_ID)).map((r) => r.action)).toEqual([
      'suggest',
    ]);
  });

  it("refuses a member's reject and edit modal submits too", async () => {
    const { app, id } = await startWithSuggestion();
    expect(textOf(await submit(app, `faq:reject:${id}`, { reason: 'no' }, AS_MEMBER))).toMatch(
      /Only FAQ moderators/,
    );
    expect(textOf(await submit(app, `faq:review-edit:${id}`, GOOD_SUGGESTION, AS_MEMBER))).toMatch(
      /Only FAQ moderators/,
    );
    expect(await pendingIds(app)).toEqual([id]);
  });

  it('treats members of the configured moderator role as moderators', async () => {
    const { app } = await start();
    await faqConfig(app, 'moderator-role', { role: ROLE_ID }, AS_MODERATOR);
    await suggest(app);
    const id = await onlyPendingId(app);
    const roleMember = {
      user: { id: '300000000000000009', displayName: 'helper' },
      access: { manageMessages: false, manageGuild: false, roleIds: [ROLE_ID] },
    };
    expect((await click(app, `faq:approve:${id}`, roleMember)).kind).toBe('update');
    expect(app.services.faq.getApproved(TEST_GUILD_ID, id)?.resolvedBy).toBe('300000000000000009');
  });

  it('approving turns the card into a record of who approved it, without buttons, and tells the author', async () => {
    const { app, id } = await startWithSuggestion();
    const response = await click(app, `faq:approve:${id}`, AS_MODERATOR);
    expect(response.kind).toBe('update');
    expect(replyOf(response).buttons).toEqual([]);
    expect(textOf(response)).toContain(`Approved by <@${MODERATOR_ID}>`);
    expect(app.outbox.directMessages).toEqual([
      { userId: MEMBER_ID, reply: { content: expect.stringMatching(new RegExp(`#${id} .* was approved`)) } },
    ]);
  });

  it('tells a moderator who acts on a suggestion already decided who decided it, and changes nothing', async () => {
    // One after the other: the race itself is proved across processes in test/storage/sqlite/sqlite-faq-store.test.ts and test/faq/faq-store.test.ts.
    const { app, id } = await startWithSuggestion();
    const other = { ...AS_MODERATOR, user: { id: '300000000000000008', displayName: 'second' } };
    const first = await click(app, `faq:approve:${id}`, AS_MODERATOR);
    const second = await submit(app, `faq:reject:${id}`, { reason: 'duplicate' }, other);
    expect(first.kind).toBe('update');
    expect(textOf(second)).toContain(`already approved by <@${MODERATOR_ID}>`);
    expect(app.services.faq.getApproved(TEST_GUILD_ID, id)?.resolvedBy).toBe(MODERATOR_ID);
    expect((await app.services.faq.store.auditTrail(TEST_GUILD_ID)).map((r) => r.action)).toEqual([
      'suggest',
      'approve',
    ]);
  });

  it('brings an outdated card up to date, without buttons, when a decided suggestion is clicked', async () => {
    const { app, id } = await startWithSuggestion();
    await submit(app, `faq:reject:${id}`, { reason: '' }, AS_MODERATOR);
    for (const button of [`faq:approve:${id}`, `faq:reject:${id}`, `faq:review-edit:${id}`]) {
      const response = await click(app, button, AS_MODERATOR);
      expect(response.kind).toBe('update');
      expect(replyOf(response).buttons).toEqual([]);
      expect(textOf(response)).toContain(`already rejected by <@${MODERATOR_ID}>`);
    }
    expect((await app.services.faq.get(TEST_GUILD_ID, id))?.status).toBe('rejected');
  });

  describe('the card in the review channel', () => {
    /** A suggestion announced in the review channel, and its card there. */
    async function withCard() {
      const started = await start();
      await faqConfig(started.app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
      await suggest(started.app);
      const card = started.app.outbox.posts[0];
      if (!card) throw new Error('no review card was posted');
      return { ...started, id: await onlyPendingId(started.app), card };
    }

    it('is edited to the outcome, without buttons, when the decision is taken through /faq review', async () => {
      const { app, id, card } = await withCard();
      expect(await app.services.faq.store.reviewCard(TEST_GUILD_ID, id)).toEqual({
        channelId: REVIEW_CHANNEL,
        messageId: card.messageId,
      });
      // /faq review shows an ephemeral copy of the card; its buttons are not on the channel's card.
      expect(buttonIds(await faq(app, 'review', {}, AS_MODERATOR))).toContain(`faq:approve:${id}`);
      const response = await click(app, `faq:approve:${id}`, AS_MODERATOR, null);
      expect(response.kind).toBe('update');
      await backgroundWork();
      expect(app.outbox.edits).toEqual([
        {
          channelId: REVIEW_CHANNEL,
          messageId: card.messageId,
          reply: expect.objectContaining({ buttons: [] }),
        },
      ]);
      expect(app.outbox.edits[0]?.reply.embeds?.[0]?.description).toContain(`Approved by <@${MODERATOR_ID}>`);
    });

    it('is edited after a rejection submitted from another message too', async () => {
      const { app, id, card } = await withCard();
      await submit(app, `faq:reject:${id}`, { reason: 'off topic' }, AS_MODERATOR, '200000000000000999');
      await backgroundWork();
      expect(app.outbox.edits.map((e) => e.messageId)).toEqual([card.messageId]);
      expect(app.outbox.edits[0]?.reply.embeds?.[0]?.description).toContain('Reason: off topic');
    });

    it('is left to the update when the decision is taken on the card itself', async () => {
      const { app, id, card } = await withCard();
      expect((await click(app, `faq:approve:${id}`, AS_MODERATOR, card.messageId)).kind).toBe('update');
      await backgroundWork();
      expect(app.outbox.edits).toEqual([]);
    });

    it('is left as it was when a form opened from it decides, as the form answer updates it', async () => {
      const { app, id, card } = await withCard();
      await submit(app, `faq:reject:${id}`, { reason: '' }, AS_MODERATOR, card.messageId);
      await backgroundWork();
      expect(app.outbox.edits).toEqual([]);
    });

    it('still records the decision when the card cannot be edited', async () => {
      const { app, id } = await withCard();
      app.outbox.failingChannels.set(REVIEW_CHANNEL, new OutboxError('missing-channel', 'gone'));
      expect((await click(app, `faq:approve:${id}`, AS_MODERATOR, null)).kind).toBe('update');
      await backgroundWork();
      expect((await app.services.faq.get(TEST_GUILD_ID, id))?.status).toBe('approved');
      expect(app.outbox.edits).toEqual([]);
    });
  });

  it('rejecting asks for an optional reason and passes it on to the author', async () => {
    const { app, id } = await startWithSuggestion();
    const modal = await click(app, `faq:reject:${id}`, AS_MODERATOR);
    expect(modal.kind).toBe('modal');
    const response = await submit(
      app,
      `faq:reject:${id}`,
      { reason: 'Already covered by /topics' },
      AS_MODERATOR,
    );
    expect(response.kind).toBe('update');
    expect(textOf(response)).toContain('Reason: Already covered by /topics');
    expect((await app.services.faq.get(TEST_GUILD_ID, id))?.status).toBe('rejected');
    expect(app.outbox.directMessages[0]?.reply.content).toMatch(/not accepted.*Already covered/);
  });

  it('notes the outcome in the review channel when the author has DMs closed', async () => {
    const { app } = await start();
    await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
    app.outbox.closedDms.add(MEMBER_ID);
    await suggest(app);
    const id = await onlyPendingId(app);
    await click(app, `faq:approve:${id}`, AS_MODERATOR);
    await backgroundWork();
    expect(app.outbox.posts.at(-1)).toMatchObject({
      channelId: REVIEW_CHANNEL,
      reply: { content: expect.stringContaining('was approved') },
    });
    expect(app.outbox.posts.at(-1)?.reply.content).toMatch(
      new RegExp(`^<@${MEMBER_ID}> has direct messages closed`),
    );
    expect(app.outbox.posts.at(-1)?.reply.mentionUserId).toBe(MEMBER_ID);
  });

  it("names the server in the author's message when the transport knows its name", async () => {
    const { app, id } = await startWithSuggestion();
    await click(app, `faq:approve:${id}`, { ...AS_MODERATOR, guildName: 'Meta Help Club' });
    await backgroundWork();
    expect(app.outbox.directMessages[0]?.reply.content).toContain('`/faq show` in Meta Help Club now answer');
  });

  it('answers the moderator without waiting for the author to be told, and logs a failed notice', async () => {
    const { app, id } = await startWithSuggestion();
    const warnings: unknown[] = [];
    app.services.logger.warn = ((...args: unknown[]) =>
      warnings.push(args)) as typeof app.services.logger.warn;
    let deliver: (delivered: boolean) => void = () => {};
    app.outbox.sendDirectMessage = () => new Promise<boolean>((resolve) => (deliver = resolve));
    const response = await click(app, `faq:approve:${id}`, AS_MODERATOR);
    expect(response.kind).toBe('update');
    expect(app.services.faq.getApproved(TEST_GUILD_ID, id)).toBeDefined();
    app.outbox.sendDirectMessage = () => Promise.reject(new Error('gateway gone'));
    await suggest(app, { ...GOOD_SUGGESTION, question: 'A second question about Threads?' });
    const second = (await pendingIds(app))[0]!;
    expect((await click(app, `faq:approve:${second}`, AS_MODERATOR)).kind).toBe('update');
    await backgroundWork();
    expect(warnings).toHaveLength(1);
    deliver(true);
  });

  it('"Edit and approve" opens the suggestion pre-filled and publishes the corrected text', async () => {
    const { app, id } = await startWithSuggestion();
    const modal = await click(app, `faq:review-edit:${id}`, AS_MODERATOR);
    expect(modal.kind === 'modal' && modal.modal.fields.find((f) => f.customId === 'question')?.value).toBe(
      GOOD_SUGGESTION.question,
    );
    const corrected = { ...GOOD_SUGGESTION, question: 'How do I download an archive of my Threads posts?' };
    expect((await submit(app, `faq:review-edit:${id}`, corrected, AS_MODERATOR)).kind).toBe('update');
    expect(app.services.faq.getApproved(TEST_GUILD_ID, id)?.question).toBe(corrected.question);
  });
});

describe('approved entries in /ask and /faq show', () => {
  it('answers a paraphrase with the approved entry in its own server only', async () => {
    const { app } = await start();
    const before = await app.run('ask', { question: PARAPHRASE });
    expect(textOf(before)).not.toContain(GOOD_SUGGESTION.question);

    await approvedEntry(app);
    const here = await app.run('ask', { question: PARAPHRASE });
    expect(textOf(here)).toContain(GOOD_SUGGESTION.question);
    const elsewhere = await app.run(
      'ask',
      { question: PARAPHRASE },
      { ctx: { guildId: OTHER_GUILD_ID, user: { id: '300000000000000005', displayName: 'x' } } },
    );
    expect(textOf(elsewhere)).not.toContain(GOOD_SUGGESTION.question);
  });

  it('a pending suggestion does not answer /ask', async () => {
    const { app } = await start();
    await suggest(app);
    expect(textOf(await app.run('ask', { question: PARAPHRASE }))).not.toContain(GOOD_SUGGESTION.question);
  });

  it('an edit changes what /ask answers at once', async () => {
    const { app } = await start();
    const id = await approvedEntry(app);
    const modal = await faq(app, 'edit', { entry: String(id) }, AS_MODERATOR);
    expect(modal.kind === 'modal' && modal.modal.fields.find((f) => f.customId === 'answer')?.value).toBe(
      GOOD_SUGGESTION.answer,
    );
    const edited = { ...GOOD_SUGGESTION, question: 'How do I export all my Threads posts as an archive?' };
    const saved = await submit(app, `faq:edit:${id}`, edited, AS_MODERATOR);
    expect(textOf(saved)).toContain(`Saved FAQ entry #${id}`);
    expect(
      textOf(
        await app.run(
          'ask',
          { question: PARAPHRASE },
          { ctx: { user: { id: '300000000000000006', displayName: 'y' } } },
        ),
      ),
    ).toContain(edited.question);
  });

  describe('/faq edit', () => {
    /** The edit form of an approved entry, as the moderator opens it. */
    async function editForm(app: TestApp, id: number) {
      const opened = await faq(app, 'edit', { entry: String(id) }, AS_MODERATOR);
      if (opened.kind !== 'modal') throw new Error('the edit form did not open');
      return opened.modal;
    }
    const valuesOf = (modal: Awaited<ReturnType<typeof editForm>>) =>
      Object.fromEntries(modal.fields.map((f) => [f.customId, f.value ?? '']));

    it('says nothing changed, and records nothing, when the form comes back as it was', async () => {
      const { app } = await start();
      const id = await approvedEntry(app, {
        ...GOOD_SUGGESTION,
        answer: `${GOOD_SUGGESTION.answer} Ask @everyone or <@123456789012345678> if stuck.`,
      });
      const audit = (await app.services.faq.store.auditTrail(TEST_GUILD_ID)).length;
      const before = await app.services.faq.get(TEST_GUILD_ID, id);

      const saved = await submit(app, `faq:edit:${id}`, valuesOf(await editForm(app, id)), AS_MODERATOR);
      expect(replyOf(saved).ephemeral).toBe(true);
      expect(textOf(saved)).toBe(`Nothing changed: FAQ entry #${id} already says that.`);
      expect(await app.services.faq.store.auditTrail(TEST_GUILD_ID)).toHaveLength(audit);
      expect(await app.services.faq.get(TEST_GUILD_ID, id)).toEqual(before);
    });

    it.each([
      ['"none"', 'none'],
      ['"None" with spaces', '  None '],
      ['an empty field', ''],
    ])('removes the source when the source field holds %s', async (_name, source) => {
      const { app } = await start();
      const id = await approvedEntry(app);
      const form = await editForm(app, id);
      const saved = await submit(app, `faq:edit:${id}`, { ...valuesOf(form), source }, AS_MODERATOR);
      expect(textOf(saved)).toContain(`Saved FAQ entry #${id}`);
      expect((await app.services.faq.get(TEST_GUILD_ID, id))?.sourceUrl).toBeNull();
      expect(replyOf(await faq(app, 'show', { entry: String(id) })).buttons).toBeUndefined();
    });

    it('tells the moderator, in the form, how to remove the source', async () => {
      const { app } = await start();
      const id = await approvedEntry(app);
      const source = (await editForm(app, id)).fields.find((f) => f.customId === 'source');
      expect(source?.value).toBe(GOOD_SUGGESTION.source);
      expect(source?.label).toMatch(/"none"/);
      expect(source?.placeholder).toMatch(/"none"/);
    });
  });

  it('a removed entry is no longer offered or answered: its question gets the best remaining answer', async () => {
    const { app } = await start();
    const kept = {
      ...GOOD_SUGGESTION,
      question: 'Where do I download my Instagram data archive?',
      answer: 'In Accounts Center, open Your information and permissions, then Download your information.',
    };
    const keptId = await approvedEntry(app, kept);
    const bestWithout = await app.run('ask', { question: PARAPHRASE });
    const id = await approvedEntry(app);
    expect(replyOf(await app.run('ask', { question: PARAPHRASE })).embeds?.[0]?.title).toBe(
      GOOD_SUGGESTION.question,
    );

    const removed = await faq(app, 'remove', { entry: String(id), reason: 'outdated' }, AS_MODERATOR);
    expect(textOf(removed)).toContain(`Removed FAQ entry #${id}`);

    expect(await autocomplete(app, 'download')).toEqual([
      { name: `#${keptId} ${kept.question}`, value: String(keptId) },
    ]);
    expect(await app.run('ask', { question: PARAPHRASE })).toEqual(bestWithout);
    expect(textOf(await faq(app, 'show', { entry: String(id) }))).toMatch(/No approved FAQ entry/);
    expect(await app.services.faq.get(TEST_GUILD_ID, id)).toMatchObject({
      status: 'removed',
      reason: 'outdated',
    });
  });

  it('refuses edit and remove to members', async () => {
    const { app } = await start();
    const id = await approvedEntry(app);
    expect(textOf(await faq(app, 'remove', { entry: String(id) }, AS_MEMBER))).toMatch(/Only FAQ moderators/);
    expect(textOf(await faq(app, 'edit', { entry: String(id) }, AS_MEMBER))).toMatch(/Only FAQ moderators/);
    expect(textOf(await submit(app, `faq:edit:${id}`, GOOD_SUGGESTION, AS_MEMBER))).toMatch(
      /Only FAQ moderators/,
    );
    expect(app.services.faq.getApproved(TEST_GUILD_ID, id)).toBeDefined();
  });

  it('/faq show posts the entry publicly and pings only the member named in `mention`', async () => {
    const { app } = await start();
    const id = await approvedEntry(app);
    const target = '300000000000000042';
    const response = await faq(app, 'show', { entry: String(id), mention: target });
    const reply = replyOf(response);
    expect(reply.ephemeral).toBeFalsy();
    expect(reply.mentionUserId).toBe(target);
    expect(reply.content).toContain(`<@${target}>`);
    expect(reply.embeds?.[0]).toMatchObject({
      title: GOOD_SUGGESTION.question,
      description: GOOD_SUGGESTION.answer,
    });

    const unaddressed = replyOf(await faq(app, 'show', { entry: String(id) }));
    expect(unaddressed.mentionUserId).toBeUndefined();
  });

  it('/faq show finds an entry by typed words when nothing was picked from autocomplete', async () => {
    const { app } = await start();
    await approvedEntry(app);
    expect(replyOf(await faq(app, 'show', { entry: 'threads posts' })).embeds?.[0]?.title).toBe(
      GOOD_SUGGESTION.question,
    );
  });

  it("autocompletes entry names over the server's approved entries only", async () => {
    const { app } = await start();
    const id = await approvedEntry(app);
    expect(await autocomplete(app, 'thre')).toEqual([
      { name: `#${id} ${GOOD_SUGGESTION.question}`, value: String(id) },
    ]);
    expect(await autocomplete(app, 'thre', OTHER_GUILD_ID)).toEqual([]);
  });
});

describe('/faq list', () => {
  it('pages approved entries ten at a time with Previous and Next buttons', async () => {
    const { app } = await start();
    for (let i = 0; i < 12; i++) {
      const author = {
        ...AS_MEMBER,
        user: { id: `30000000000000010${i}`.slice(0, 18), displayName: `m${i}` },
      };
      await suggest(app, { ...GOOD_SUGGESTION, question: `Question number ${i} about Threads?` }, author);
    }
    for (const id of await pendingIds(app)) await click(app, `faq:approve:${id}`, AS_MODERATOR);

    const first = await faq(app, 'list');
    expect(replyOf(first).ephemeral).toBe(true);
    expect(textOf(first)).toContain('Page 1 of 2');
    expect(textOf(first)).toContain('Question number 9 ');
    expect(textOf(first)).not.toContain('Question number 10 ');
    expect(replyOf(first).buttons?.[0]).toMatchObject([
      { label: 'Previous', disabled: true },
      { label: 'Next', disabled: false, customId: 'faq:list:1' },
    ]);

    const second = await click(app, 'faq:list:1');
    expect(second.kind).toBe('update');
    expect(textOf(second)).toContain('Page 2 of 2');
    expect(textOf(second)).toContain('Question number 11 ');
    expect(replyOf(second).buttons?.[0]).toMatchObject([{ disabled: false }, { disabled: true }]);
  });

  it('has no buttons when everything fits on one page', async () => {
    const { app } = await start();
    await approvedEntry(app);
    const reply = replyOf(await faq(app, 'list'));
    expect(reply.buttons).toBeUndefined();
    expect(textOf(await faq(app, 'list', {}, { ...AS_MEMBER, guildId: OTHER_GUILD_ID }))).toMatch(
      /no community FAQ entries yet/,
    );
  });
});

describe('/faq config', () => {
  it('refuses members and stores nothing', async () => {
    const { app } = await start();
    expect(textOf(await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MEMBER))).toMatch(
      /Only FAQ moderators/,
    );
    expect((await app.services.faq.settings(TEST_GUILD_ID)).reviewChannelId).toBeNull();
  });

  it('refuses a review channel the bot cannot post in, says why, and keeps the channel it had', async () => {
    const { app } = await start();
    const working = '200000000000000078';
    await faqConfig(app, 'review-channel', { channel: working }, AS_MODERATOR);
    app.outbox.failingChannels.set(REVIEW_CHANNEL, new OutboxError('missing-access', 'Missing Access'));
    const problem = describePostProblem(
      { code: 'missing-permissions', channelName: REVIEW_CHANNEL, missing: ['sendMessages'] },
      translator('en-US'),
    );
    const response = await faqConfig(app, 'review-channel', { channel: REVIEW_CHANNEL }, AS_MODERATOR);
    expect(replyOf(response).ephemeral).toBe(true);
    // The bot's own words around the outbox's reason: which channel, and that nothing changed.
    expect(textOf(response)).toBe(`I can't post in <#${REVIEW_CHANNEL}>: ${problem} Nothing was changed.`);
    expect((await app.services.faq.settings(TEST_GUILD_ID)).reviewChannelId).toBe(working);
    expect((await app.services.faq.store.auditTrail(TEST_GUILD_ID)).map((r) => r.action)).toEqual([
      'config-review-channel',
    ]);
  });

  it('lets only Manage Messages choose the moderator role, and never @everyone', async () => {
    const { app } = await start();
    await faqConfig(app, 'moderator-role', { role: ROLE_ID }, AS_MODERATOR);
    const roleMember = {
      ...AS_MEMBER,
      access: { manageMessages: false, manageGuild: false, roleIds: [ROLE_ID] },
    };
    expect(
      textOf(await faqConfig(app, 'moderator-role', { role: '400000000000000099' }, roleMember)),
    ).toMatch(/Manage Messages/);
    expect(textOf(await faqConfig(app, 'moderator-role', { role: TEST_GUILD_ID }, AS_MODERATOR))).toMatch(
      /@everyone/,
    );
    expect((await app.services.faq.settings(TEST_GUILD_ID)).moderatorRoleId).toBe(ROLE_ID);
  });
});

describe('outside a server', () => {
  it('explains that the FAQ belongs to a server', async () => {
    const { app } = await start();
    const response = await faq(app, 'suggest', {}, { ...AS_MEMBER, guildId: null, access: null });
    expect(textOf(response)).toMatch(/belongs to a server/);
  });
});
