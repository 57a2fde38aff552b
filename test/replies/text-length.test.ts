import { describe, expect, it } from 'vitest';
import { cutText, discordLength } from '../../src/replies/text-length.js';

/** True when the text holds no lone surrogate (half of an emoji). */
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

describe('discordLength', () => {
  it('counts code points as Discord does: an emoji is one character, a flag two', () => {
    expect(discordLength('abc')).toBe(3);
    expect(discordLength('😀')).toBe(1);
    expect(discordLength('🇫🇷')).toBe(2);
    expect(discordLength(`do fb and insta share my data ${'😀'.repeat(150)}`)).toBe(180);
  });

  it('counts a lone surrogate as one character', () => {
    expect(discordLength('a\ud83d')).toBe(2);
    expect(discordLength('\ude00b')).toBe(2);
  });
});

describe('cutText', () => {
  it('returns text within the limit unchanged', () => {
    const text = `x${'😀'.repeat(200)}`;
    expect(cutText(text, 201)).toBe(text);
  });

  it('cuts between graphemes, never inside an emoji, a flag or a skin tone', () => {
    expect(cutText(`x${'😀'.repeat(200)}`, 150)).toBe(`x${'😀'.repeat(149)}`);
    expect(cutText('🇫🇷🇩🇪🇮🇹', 5)).toBe('🇫🇷🇩🇪');
    expect(cutText('👍🏽👍🏽👍🏽', 3)).toBe('👍🏽');
    expect(cutText('e\u0301e\u0301e\u0301', 3)).toBe('e\u0301');
    for (let max = 0; max < 12; max++) expect(wellFormed(cutText('a👩‍👩‍👧😀🇫🇷', max))).toBe(true);
  });

  it('gives an empty string for a limit of zero or less', () => {
    expect(cutText('abc', 0)).toBe('');
    expect(cutText('abc', -1)).toBe('');
  });
});
