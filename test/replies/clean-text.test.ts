import { describe, expect, it } from 'vitest';
import { cleanUserText } from '../../src/replies/clean-text.js';

describe('cleanUserText', () => {
  it('turns every control character of a one-line value into a space and trims', () => {
    expect(cleanUserText('  who\u0000owns\ninstagram\u009b?\t ')).toBe('who owns instagram ?');
  });

  it('keeps newlines and tabs of multi-line text and drops the other control characters', () => {
    expect(cleanUserText('  a\u0000b\u0007c\r\nd\te\u009b 👍 مرحبا  ', { multiline: true })).toBe(
      'abc\nd\te 👍 مرحبا',
    );
  });

  it('strips terminal colour and title sequences whole, not only their escape character', () => {
    expect(cleanUserText('are facebook and instagram \u001b[31mconnected\u001b[0m')).toBe(
      'are facebook and instagram connected',
    );
    expect(cleanUserText('\u001b[1;38;5;196mwho owns\u001b[m instagram')).toBe('who owns instagram');
    expect(cleanUserText('\u001b]0;window title\u0007who owns instagram')).toBe('who owns instagram');
    expect(cleanUserText('\u001b]8;;https://example.net/\u001b\\link\u001b]8;;\u001b\\ text')).toBe(
      'link text',
    );
    expect(cleanUserText('a\u001b(Bb\u001b7c', { multiline: true })).toBe('abc');
  });

  it('drops bidirectional overrides and isolates, which would reverse the reply around the text', () => {
    const rlo = '\u202e';
    const isolate = '\u2067';
    expect(cleanUserText(`abc${rlo}desrever`)).toBe('abcdesrever');
    expect(cleanUserText(`line${isolate} one\nline two\u202c`, { multiline: true })).toBe(
      'line one\nline two',
    );
    // Right-to-left marks and the zero-width joiner of emoji sequences are text, not spoofing.
    expect(cleanUserText('a\u200fb 👩\u200d💻')).toBe('a\u200fb 👩\u200d💻');
  });

  it('replaces a lone surrogate (half an emoji) so it is never stored', () => {
    expect(cleanUserText('a\ud83d b 😀 \ude00c')).toBe('a\ufffd b 😀 \ufffdc');
  });

  it('gives an empty string for anything that is not text', () => {
    expect(cleanUserText(undefined)).toBe('');
    expect(cleanUserText(42)).toBe('');
  });
});
