import { describe, expect, it } from 'vitest';
import { FAQ_LIMITS, parseFaqContent, parseReason } from '../../src/faq/validation.js';
import { UserError } from '../../src/replies/user-error.js';

const question = 'Can I unlink Instagram from Facebook?';
const answer = 'Yes: remove the Instagram account from Accounts Centre and they stop sharing a login.';

function errorOf(fields: Parameters<typeof parseFaqContent>[0]): string {
  try {
    parseFaqContent(fields);
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('parseFaqContent', () => {
  it('accepts the boundaries: 10 and 200 characters of question, 20 and 1,500 of answer', () => {
    for (const q of ['q'.repeat(FAQ_LIMITS.questionMin), 'q'.repeat(FAQ_LIMITS.questionMax)]) {
      for (const a of ['a'.repeat(FAQ_LIMITS.answerMin), 'a'.repeat(FAQ_LIMITS.answerMax)]) {
        expect(parseFaqContent({ question: q, answer: a })).toEqual({
          question: q,
          answer: a,
          sourceUrl: null,
        });
      }
    }
  });

  it('refuses one character past each boundary', () => {
    expect(errorOf({ question: 'q'.repeat(9), answer })).toMatch(/question must be at least 10/);
    expect(errorOf({ question: 'q'.repeat(201), answer })).toMatch(/question must be at most 200/);
    expect(errorOf({ question, answer: 'a'.repeat(19) })).toMatch(/answer must be at least 20/);
    expect(errorOf({ question, answer: 'a'.repeat(1501) })).toMatch(/answer must be at most 1500/);
  });

  it('measures length after control characters and surrounding spaces are removed', () => {
    expect(errorOf({ question: `   ${'\u0007'.repeat(20)}short?   `, answer })).toMatch(/at least 10/);
  });

  it('lists every problem at once', () => {
    const message = errorOf({ question: 'short', answer: 'tiny', source: 'ftp://x' });
    expect(message).toMatch(/question/);
    expect(message).toMatch(/answer/);
    expect(message).toMatch(/https:\/\//);
  });

  it('treats an empty or blank source as no source and keeps a valid https link', () => {
    expect(parseFaqContent({ question, answer, source: '  ' }).sourceUrl).toBeNull();
    expect(parseFaqContent({ question, answer, source: ' https://about.meta.com/ ' }).sourceUrl).toBe(
      'https://about.meta.com/',
    );
  });

  it.each([
    'https://help.instagram.com/[click here](https://evil.example/x)',
    '[Instagram help](https://help.instagram.com/)',
    '<https://help.instagram.com/>',
    'https://help.instagram.com/ https://evil.example/',
    'https://en.wikipedia.org/wiki/Meta_(company)',
  ])(
    'refuses a source with Markdown, brackets or spaces, so it cannot pose as another link: %s',
    (source) => {
      expect(errorOf({ question, answer, source })).toMatch(
        /source must be one plain https:\/\/ link, without spaces, brackets/,
      );
    },
  );

  it('refuses invite links in any field', () => {
    expect(errorOf({ question: 'Join discord.gg/meta for help?', answer })).toMatch(
      /question contains a Discord invite/,
    );
    expect(errorOf({ question, answer, source: 'https://discord.gg/meta' })).toMatch(/invite/);
  });

  // Each is accepted by a check on the raw text, yet opens a real invite once parsed for publishing.
  it.each([
    'https://discord%2Egg/abc',
    'https://discord.gg\\abc',
    'https://discord。gg/abc',
    'https://discord.gg:443/abc',
    'https://discord%2Ecom/invite/abc',
    'https://dsc.gg/abc',
  ])('refuses the source %s, judged as it will be published', (source) => {
    expect(errorOf({ question, answer, source })).toMatch(/source link contains a Discord invite/);
  });

  it.each(['https://discord.gg:443/abc', 'https://dsc.gg/abc', '[our server](https://discord%2Egg/abc)'])(
    'refuses the answer containing %s',
    (link) => {
      expect(errorOf({ question, answer: `${answer} Join ${link} for more.` })).toMatch(
        /answer contains a Discord invite/,
      );
    },
  );

  it('stores the source as it is published: the parsed, normalised link', () => {
    expect(parseFaqContent({ question, answer, source: 'HTTPS://Help.Instagram.com:443/x' }).sourceUrl).toBe(
      'https://help.instagram.com/x',
    );
  });

  it('refuses a source that hides its host behind a user name', () => {
    expect(errorOf({ question, answer, source: 'https://help.instagram.com@example.net/x' })).toMatch(
      /source link must not carry a user name/,
    );
  });

  it('refuses link text that names an address other than the one the link opens', () => {
    expect(
      errorOf({ question, answer: `${answer} See [https://help.instagram.com/](https://example.net/x).` }),
    ).toMatch(/answer has a link whose text shows help\.instagram\.com but opens example\.net/);
    expect(errorOf({ question: 'Is [facebook.com](https://example.net) real?', answer })).toMatch(
      /question has a link whose text shows facebook\.com but opens example\.net/,
    );
  });

  it('accepts honest links: words, or the address the link opens', () => {
    const honest = `${answer} See [Accounts Centre](https://accountscenter.meta.com/) or [help.instagram.com](https://help.instagram.com/1).`;
    expect(parseFaqContent({ question, answer: honest }).answer).toBe(honest);
  });

  it('measures lengths in characters as Discord counts them, an emoji as one', () => {
    const emojiQuestion = `q${'😀'.repeat(FAQ_LIMITS.questionMax - 1)}`;
    expect(parseFaqContent({ question: emojiQuestion, answer }).question).toBe(emojiQuestion);
    expect(errorOf({ question: `${emojiQuestion}😀`, answer })).toMatch(/question must be at most 200/);
  });

  it('keeps Markdown and makes mentions inert', () => {
    const parsed = parseFaqContent({ question, answer: `**Yes**, @everyone: ${answer}` });
    expect(parsed.answer).toBe(`**Yes**, @\u200beveryone: ${answer}`);
  });
});

describe('parseReason', () => {
  it('is null when blank and otherwise cleaned, inert and cut to the limit', () => {
    expect(parseReason('  ')).toBeNull();
    expect(parseReason(undefined)).toBeNull();
    expect(parseReason('ping @here\u0000')).toBe('ping @\u200bhere');
    expect(parseReason('x'.repeat(1000))).toHaveLength(FAQ_LIMITS.reasonMax);
  });
});

describe('parseReason with emoji', () => {
  it('keeps a reason within the limit whole, an emoji counting as one character', () => {
    const reason = `x${'😀'.repeat(200)}`;
    expect(parseReason(reason)).toBe(reason);
  });

  it('cuts a longer reason between characters, never leaving half an emoji', () => {
    expect(parseReason('😀'.repeat(400))).toBe(`${'😀'.repeat(FAQ_LIMITS.reasonMax - 1)}…`);
  });
});

describe('round trips through a pre-filled edit form', () => {
  it('accepts stored text at the length limit unchanged, however many mentions it neutralised', () => {
    const question = `${'@here '.repeat(30)}${'q'.repeat(FAQ_LIMITS.questionMax - 180)}`;
    const stored = parseFaqContent({ question, answer });
    expect(stored.question.length).toBeGreaterThan(FAQ_LIMITS.questionMax);
    expect(parseFaqContent({ question: stored.question, answer: stored.answer })).toEqual(stored);
  });
});
