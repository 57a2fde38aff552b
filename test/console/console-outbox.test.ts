import { describe, expect, it } from 'vitest';
import { ConsoleOutbox } from '../../src/console/console-outbox.js';
import type { Reply } from '../../src/replies/reply.js';

describe('ConsoleOutbox', () => {
  it('shows channel posts and direct messages under a heading saying where they went', async () => {
    const shown: [string, Reply, string | null][] = [];
    const outbox = new ConsoleOutbox((heading, reply, messageId) => shown.push([heading, reply, messageId]));
    const first = await outbox.postToChannel('200000000000000001', { content: 'Tip one' });
    const second = await outbox.postToChannel(
      '200000000000000001',
      { content: 'Tip two' },
      { nonce: 'slot-1' },
    );
    expect(await outbox.sendDirectMessage('300000000000000001', { content: 'Approved' })).toBe(true);
    await outbox.editChannelMessage('200000000000000001', first.messageId, { content: 'Tip one, decided' });
    expect(first.messageId).toMatch(/^\d{17,20}$/);
    expect(second.messageId).not.toBe(first.messageId);
    expect(shown).toEqual([
      ['[posted to #200000000000000001]', { content: 'Tip one' }, first.messageId],
      ['[posted to #200000000000000001]', { content: 'Tip two' }, second.messageId],
      ['[direct message to user 300000000000000001]', { content: 'Approved' }, null],
      [
        `[message ${first.messageId} in #200000000000000001 edited]`,
        { content: 'Tip one, decided' },
        first.messageId,
      ],
    ]);
  });

  it('lets the bot post in any channel, as there is no Discord to refuse', async () => {
    const outbox = new ConsoleOutbox(() => {});
    expect(await outbox.checkCanPost()).toBeNull();
  });
});
