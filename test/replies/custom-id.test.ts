import { describe, expect, it } from 'vitest';
import { messagePayload } from '../../src/discord/payload.js';
import { checkedCustomId, customId, localisedCustomId, parseCustomId } from '../../src/replies/custom-id.js';
import { DISCORD_LIMITS } from '../../src/replies/limits.js';

describe('custom ids', () => {
  it('round-trips command, action and arguments', () => {
    expect(parseCustomId(customId('ask', 'section', 'privacy', 'eu-choice'))).toEqual({
      command: 'ask',
      action: 'section',
      args: ['privacy', 'eu-choice'],
      locale: 'en-US',
    });
  });

  it('carries the language of the message a button is on, and reads unmarked ids as English', () => {
    const spanish = localisedCustomId('es-ES', 'ask', 'section', 'privacy', 'eu-choice');
    expect(spanish).toBe('ask:section:privacy:eu-choice:~es-ES');
    expect(parseCustomId(spanish)).toEqual({
      command: 'ask',
      action: 'section',
      args: ['privacy', 'eu-choice'],
      locale: 'es-ES',
    });
    // English ids keep the form every button had before the bot spoke other languages.
    expect(localisedCustomId('en-US', 'ask', 'topic', 'privacy')).toBe('ask:topic:privacy');
    // A mark that names no locale the bot speaks is an ordinary argument.
    expect(parseCustomId('ask:topic:privacy:~ja')).toMatchObject({
      args: ['privacy', '~ja'],
      locale: 'en-US',
    });
  });

  it('takes an id of exactly the limit', () => {
    const id = `ask:x:${'a'.repeat(DISCORD_LIMITS.customId - 6)}`;
    expect(checkedCustomId(id)).toBe(id);
  });

  it('refuses an id longer than Discord allows instead of cutting it (a cut id routes a click elsewhere)', () => {
    expect(() => customId('ask', 'section', 'a'.repeat(50), 'b'.repeat(50))).toThrow(RangeError);
    const reply = {
      buttons: [[{ label: 'Go', customId: `ask:full:${'x'.repeat(DISCORD_LIMITS.customId)}` }]],
    };
    expect(() => messagePayload(reply)).toThrow(/Discord allows 100/);
  });
});
