import { describe, expect, it } from 'vitest';
import { sourceSchema, TIP_BODY_MAX, tipSchema } from '../../src/knowledge/schema.js';

/** A tip that passes every check, so each test changes only what it is about. */
const validTip = {
  id: 'two-factor',
  title: 'Turn on two-factor authentication',
  where: 'Accounts Center > Password and security',
  topic: 'account-security',
  tags: ['security'],
  reviewed: '2026-11-01',
  body: 'Use an authenticator app.',
};

describe('knowledge text limits count characters as Discord does', () => {
  it('takes a body of emoji within the limit in characters though over it in UTF-16 units', () => {
    const body = '🙂'.repeat(TIP_BODY_MAX);
    expect(body.length).toBe(2 * TIP_BODY_MAX);
    const result = tipSchema.safeParse({ ...validTip, body });
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it('refuses a body of emoji one character over the limit, naming the length it has', () => {
    const result = tipSchema.safeParse({ ...validTip, body: '🙂'.repeat(TIP_BODY_MAX + 1) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['body', `must be at most ${TIP_BODY_MAX} characters (it has ${TIP_BODY_MAX + 1})`],
    ]);
  });

  it('counts the text after trimming, as it is stored', () => {
    const title = ` ${'é'.repeat(200)} `;
    expect(sourceSchema.safeParse({ title, url: 'https://example.com/' }).success).toBe(true);
    const over = sourceSchema.safeParse({ title: `${'👍🏽'.repeat(100)}x`, url: 'https://example.com/' });
    // 👍🏽 is two code points (thumb + skin tone), so 100 of them and an x are 201 characters.
    expect(over.error?.issues.map((i) => i.message)).toEqual(['must be at most 200 characters (it has 201)']);
  });

  it('still refuses an empty text, once', () => {
    const result = tipSchema.safeParse({ ...validTip, body: '   ' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['body', 'must not be empty'],
    ]);
  });
});
