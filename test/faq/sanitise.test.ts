import { describe, expect, it } from 'vitest';
import { cleanFaqText, neutraliseMentions, restoreMentions } from '../../src/faq/sanitise.js';

const ZWSP = '\u200b';

describe('neutraliseMentions', () => {
  it.each([
    ['@everyone', `@${ZWSP}everyone`],
    ['@here', `@${ZWSP}here`],
    ['@EVERYONE', `@${ZWSP}EVERYONE`],
    ['<@&123456789012345678>', `<@${ZWSP}&123456789012345678>`],
    ['<@123456789012345678>', `<@${ZWSP}123456789012345678>`],
    ['<@!123456789012345678>', `<@${ZWSP}!123456789012345678>`],
  ])('makes %s inert', (text, inert) => {
    expect(neutraliseMentions(`hi ${text} there`)).toBe(`hi ${inert} there`);
  });

  it('is idempotent, so text neutralised before storing stays the same when shown', () => {
    const once = neutraliseMentions('@everyone <@&1> <@2> @here');
    expect(neutraliseMentions(once)).toBe(once);
  });

  it('leaves e-mail addresses, channel links and Markdown alone', () => {
    const text = '**Bold** `code` <#123456789012345678> help@instagram.com';
    expect(neutraliseMentions(text)).toBe(text);
  });
});

describe('cleanFaqText', () => {
  it('removes control characters but keeps newlines, tabs, emoji and right-to-left text', () => {
    expect(cleanFaqText('  a\u0000b\u0007c\r\nd\te\u009b 👍 مرحبا  ')).toBe('abc\nd\te 👍 مرحبا');
  });

  it('measures mentions as the member wrote them, without the zero-width spaces added when storing', () => {
    expect(cleanFaqText(neutraliseMentions(' ask @here '))).toBe('ask @here');
  });
});

describe('restoreMentions', () => {
  it('undoes neutraliseMentions exactly', () => {
    const text = 'a @everyone b @here c <@&1> d <@2> e <@!3> f';
    expect(restoreMentions(neutraliseMentions(text))).toBe(text);
  });
});
