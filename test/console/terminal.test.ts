import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule, ModalInput } from '../../commands/types.js';
import { ConsoleSession } from '../../src/console/session.js';
import { Terminal } from '../../src/console/terminal.js';
import { Dispatcher } from '../../src/dispatch.js';
import { message, openModal } from '../../src/replies/reply.js';
import {
  createTestApp,
  MEMBER_ACCESS,
  TEST_CHANNEL_ID,
  TEST_GUILD_ID,
  type TestApp,
} from '../support/test-app.js';

const WAIT_MS = 5_000;
/** The key Ctrl-D sends to a terminal in raw mode, as readline reads it. */
const CTRL_D = '\x04';

const submitted: ModalInput[] = [];
const formCommand: CommandModule = {
  definition: { name: 'form', description: 'A test form' },
  run: () =>
    openModal({
      customId: 'form:save',
      title: 'A form',
      fields: [{ customId: 'question', label: 'Question', style: 'short', required: true }],
    }),
  modal(_ctx, input) {
    submitted.push(input);
    return message({ content: 'saved' });
  },
};

/** A terminal over in-memory streams in terminal mode (keys, not lines), and everything it printed. */
function fakeTerminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  const waiters = new Set<() => void>();
  output.setEncoding('utf8').on('data', (chunk: string) => {
    printed += chunk;
    for (const waiter of waiters) waiter();
  });
  const terminal = new Terminal({ input, output, terminal: true });
  let cursor = 0;
  /** Resolves once `text` has been printed after the previous wait; rejects after a bounded time. */
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const at = printed.indexOf(text, cursor);
        if (at === -1) return;
        cursor = at + text.length;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`timed out waiting for ${JSON.stringify(text)}; printed:\n${printed.slice(cursor)}`),
        );
      }, WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return { input, terminal, waitFor };
}

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.close();
});

function sessionOn(terminal: Terminal): ConsoleSession {
  return new ConsoleSession(
    app,
    new Dispatcher([formCommand]),
    {
      guildId: TEST_GUILD_ID,
      channelId: TEST_CHANNEL_ID,
      userId: '300000000000000001',
      displayName: 'tester',
      access: MEMBER_ACCESS,
      locale: 'en-US',
    },
    terminal,
  );
}

/** Settles with 'ended' once the session is over, or 'running' if it is still going after a bounded time. */
function outcome(run: Promise<void>, ms = WAIT_MS): Promise<'ended' | 'running'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    run.then(() => 'ended' as const),
    new Promise<'running'>((resolve) => {
      timer = setTimeout(() => resolve('running'), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('Terminal with a ConsoleSession', () => {
  it('leaves a form on the first Ctrl-D and the console on the second', async () => {
    submitted.length = 0;
    const { input, terminal, waitFor } = fakeTerminal();
    const run = sessionOn(terminal).run();
    await waitFor('> ');
    input.write('/form\r');
    await waitFor('Question> ');
    input.write(CTRL_D);
    await waitFor('Form abandoned; nothing was sent.');
    await waitFor('> ');
    // Still at the command prompt, and still reading: a command typed now is answered.
    input.write('/nope\r');
    await waitFor('Unknown command "/nope"');
    await waitFor('> ');
    input.write(CTRL_D);
    expect(await outcome(run)).toBe('ended');
    expect(submitted).toEqual([]);
    terminal.stop();
  });

  it('keeps what was typed before the Ctrl-D under the Up arrow', async () => {
    const { input, terminal, waitFor } = fakeTerminal();
    const run = sessionOn(terminal).run();
    await waitFor('> ');
    input.write('/form\r');
    await waitFor('Question> ');
    input.write(CTRL_D);
    await waitFor('Form abandoned');
    await waitFor('> ');
    // Up arrow, then Enter: the line typed before Ctrl-D comes back and runs again.
    input.write('\x1b[A\r');
    await waitFor('Question> ');
    input.write('/cancel\r');
    await waitFor('Form abandoned');
    terminal.stop();
    expect(await outcome(run)).toBe('ended');
  });

  it('ends when the input ends, even in the middle of a form', async () => {
    const { input, terminal, waitFor } = fakeTerminal();
    const run = sessionOn(terminal).run();
    await waitFor('> ');
    input.write('/form\r');
    await waitFor('Question> ');
    input.end();
    expect(await outcome(run)).toBe('ended');
  });
});
