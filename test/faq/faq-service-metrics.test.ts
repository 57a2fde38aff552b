/**
 * The FAQ service counts suggestions by result and the moderators' decisions that took effect
 * (metabot_faq_suggestions_total, metabot_faq_decisions_total); a decision that lost the race to
 * another moderator is not one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FaqContent } from '../../src/faq/faq-store.js';
import { metricValue } from '../support/metric-values.js';
import { createTestApp, MEMBER_ID, MODERATOR_ID, TEST_GUILD_ID, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const content = (n: number): FaqContent => ({
  question: `Can I move my stories number ${n} from insta to fb?`,
  answer: 'Yes: turn on sharing in Accounts Center and pick which stories go where.',
  sourceUrl: null,
});

const suggestions = (result: string) => metricValue(app.metrics, 'metabot_faq_suggestions_total', { result });
const decisions = (decision: string) => metricValue(app.metrics, 'metabot_faq_decisions_total', { decision });

it('counts suggestions taken for review and those refused because too many are waiting', async () => {
  const { faq } = app.services;
  for (const n of [1, 2]) expect((await faq.suggest(TEST_GUILD_ID, MEMBER_ID, content(n), 2)).ok).toBe(true);
  expect((await faq.suggest(TEST_GUILD_ID, MEMBER_ID, content(3), 2)).ok).toBe(false);
  expect(await suggestions('pending')).toBe(2);
  expect(await suggestions('refused_too_many_pending')).toBe(1);
});

it('counts approvals, rejections, edits and removals that took effect, once each', async () => {
  const { faq } = app.services;
  const first = await faq.suggest(TEST_GUILD_ID, MODERATOR_ID, content(10), 5);
  const second = await faq.suggest(TEST_GUILD_ID, MODERATOR_ID, content(11), 5);
  if (!first.ok || !second.ok) throw new Error('suggestions were refused');
  const a = first.entry.id;
  expect((await faq.approve(TEST_GUILD_ID, a, MODERATOR_ID)).ok).toBe(true);
  // A second decision on the same suggestion loses: nothing more is counted.
  expect((await faq.reject(TEST_GUILD_ID, a, MODERATOR_ID, 'late')).ok).toBe(false);
  expect((await faq.reject(TEST_GUILD_ID, second.entry.id, MODERATOR_ID, null)).ok).toBe(true);
  expect((await faq.edit(TEST_GUILD_ID, a, MODERATOR_ID, content(12))).ok).toBe(true);
  // The same text again changes nothing, and is not a decision.
  await faq.edit(TEST_GUILD_ID, a, MODERATOR_ID, content(12));
  expect((await faq.remove(TEST_GUILD_ID, a, MODERATOR_ID, null)).ok).toBe(true);
  expect(await decisions('approved')).toBe(1);
  expect(await decisions('rejected')).toBe(1);
  expect(await decisions('edited')).toBe(1);
  expect(await decisions('removed')).toBe(1);
});
