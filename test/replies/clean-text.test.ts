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

  it('gives an empty string for anything that is not text', () => {
    expect(cleanUserText(undefined)).toBe('');
    expect(cleanUserText(42)).toBe('');
  });
});
