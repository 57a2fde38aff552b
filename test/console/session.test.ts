import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule, ComponentInput, ModalInput } from '../../commands/types.js';
import { type ConsoleIO, ConsoleSession } from '../../src/console/session.js';
import { Dispatcher } from '../../src/dispatch.js';
import { message, openModal, update } from '../../src/replies/reply.js';
import {
  createTestApp,
  MEMBER_ACCESS,
  MODERATOR_ACCESS,
  TEST_CHANNEL_ID,
  TEST_GUILD_ID,
  type TestApp,
} from '../support/test-app.js';

/** Console input and output in memory: lines are answered from a script, prints are kept. */
class ScriptedIO implements ConsoleIO {
  readonly printed: string[] = [];
  readonly prompts: string[] = [];
  constructor(private readonly script: string[] = []) {}
  print(text: string): void {
    this.printed.push(text);
  }
  async readLine(prompt: string): Promise<string | null> {
    this.prompts.push(prompt);
    return this.script.shift() ?? null;
  }
  get output(): string {
    return this.printed.join('\n');
  }
}

const submitted: ModalInput[] = [];
const clicked: ComponentInput[] = [];

/** A command that exercises what the console must support: modals, updates and buttons. */
const formCommand: CommandModule = {
  definition: { name: 'form', description: 'A test form' },
  run: () =>
    openModal({
      customId: 'form:save:7',
      title: 'Edit entry',
      fields: [
        {
          customId: 'question',
          label: 'Question',
          style: 'short',
          required: true,
          minLength: 5,
          value: 'Old question',
        },
        {
          customId: 'answer',
          label: 'Answer',
          style: 'paragraph',
          required: true,
          minLength: 10,
          maxLength: 50,
        },
        { customId: 'source', label: 'Source', style: 'short', required: false },
      ],
    }),
  modal(_ctx, input) {
    submitted.push(input);
    return message({
      content: `saved ${input.args[0]}`,
      buttons: [[{ customId: 'form:next', label: 'Next' }]],
    });
  },
  component(_ctx, input) {
    clicked.push(input);
    return update({
      content: `page ${clicked.length}`,
      buttons: [[{ customId: 'form:next', label: 'Next' }]],
    });
  },
};

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(async () => {
  await app.close();
});

function session(io: ConsoleIO, commands: readonly CommandModule[] = app.commands): ConsoleSession {
  return new ConsoleSession(
    app,
    new Dispatcher(commands),
    {
      guildId: TEST_GUILD_ID,
      channelId: TEST_CHANNEL_ID,
      userId: '300000000000000001',
      displayName: 'tester',
      access: MEMBER_ACCESS,
      locale: 'en-US',
    },
    io,
  );
}

describe('ConsoleSession forms', () => {
  it('asks field by field, keeps a pre-filled value on Enter, re-asks invalid values and skips optional ones', async () => {
    submitted.length = 0;
    const io = new ScriptedIO(['', 'too short', 'A long enough answer\\non two lines.', '']);
    expect(await session(io, [formCommand]).handleLine('/form')).toBe(true);
    expect(io.output).toContain('Too short: at least 10 characters (you typed 9).');
    expect(submitted).toEqual([
      {
        action: 'save',
        args: ['7'],
        fields: { question: 'Old question', answer: 'A long enough answer\non two lines.', source: '' },
        messageId: null,
        locale: 'en-US',
      },
    ]);
    expect(io.output).toContain('saved 7');
  });

  it('counts characters as Discord does, an emoji as one, in the form checks and the lengths they state', async () => {
    submitted.length = 0;
    const answer = `ok ${'😀'.repeat(47)}`;
    const io = new ScriptedIO(['', `x${'😀'.repeat(8)}`, `${'😀'.repeat(51)}`, answer, '']);
    expect(await session(io, [formCommand]).handleLine('/form')).toBe(true);
    expect(io.output).toContain('Too short: at least 10 characters (you typed 9).');
    expect(io.output).toContain('Too long: at most 50 characters (you typed 51).');
    expect(submitted.map((input) => input.fields.answer)).toEqual([answer]);
  });

  it('sends nothing when the form is cancelled or input ends', async () => {
    submitted.length = 0;
    for (const script of [['/cancel'], ['', 'An answer that is fine.', '/cancel'], []]) {
      const io = new ScriptedIO(script);
      await session(io, [formCommand]).handleLine('/form');
      expect(io.output).toContain('Form abandoned; nothing was sent.');
    }
    expect(submitted).toEqual([]);
  });
});

describe('ConsoleSession buttons', () => {
  it('clicks the numbered button, and an update keeps the id of the message it edits', async () => {
    clicked.length = 0;
    const io = new ScriptedIO(['', 'A long enough answer.', '']);
    const s = session(io, [formCommand]);
    await s.handleLine('/form');
    await s.handleLine('1');
    await s.handleLine('1');
    expect(clicked).toHaveLength(2);
    expect(clicked[0]?.messageId).not.toBeNull();
    expect(clicked[1]?.messageId).toBe(clicked[0]?.messageId);
    expect(io.output).toContain('(message updated)\npage 2');
    await s.handleLine('9');
    expect(io.printed.at(-1)).toBe('There is no button 9; pick 1 to 1.');
  });

  it('makes the buttons of a message the bot posted on its own pickable', async () => {
    const io = new ScriptedIO();
    const s = session(io);
    s.showPosted('[posted to #200000000000000001]', {
      content: 'A privacy tip',
      buttons: [[{ customId: 'ask:topic:privacy', label: 'Read more' }]],
    });
    expect(io.printed[0]).toBe(
      '[posted to #200000000000000001]\nA privacy tip\n\nButtons (type a number to pick one):\n  [1] Read more',
    );
    await s.handleLine('1');
    expect(io.printed[1]).toContain(`== ${app.services.knowledge.topic('privacy')?.title} ==`);
  });
});

describe('ConsoleSession times', () => {
  it("lists a schedule's next posts at the schedule's local time, named, whatever the machine's timezone", async () => {
    const io = new ScriptedIO();
    const moderator = new ConsoleSession(
      app,
      new Dispatcher(app.commands),
      {
        guildId: TEST_GUILD_ID,
        channelId: TEST_CHANNEL_ID,
        userId: '300000000000000002',
        displayName: 'moderator',
        access: MODERATOR_ACCESS,
        locale: 'en-US',
      },
      io,
    );
    await moderator.handleLine(
      `/privacy-tips schedule channel:${TEST_CHANNEL_ID} cron:0 9 * * 1 timezone:Europe/Berlin`,
    );
    const next = io.output.split('\n').filter((line) => line.startsWith('• '));
    expect(next).toHaveLength(3);
    for (const line of next)
      expect(line).toMatch(/^• Monday,? \d{1,2} \w+ \d{4} at 09:00 Europe\/Berlin \(in /);
  });
});

describe('ConsoleSession tab completion', () => {
  it('completes command names, subcommands and autocompleted option values', async () => {
    const s = session(new ScriptedIO());
    expect(await s.complete('/con')).toEqual([['/connected'], '/con']);
    expect((await s.complete('/q'))[0]).toEqual(['/quit']);
    expect((await s.complete('/connected adv'))[0][0]).toBe('advertising');
    expect((await s.complete('/connected aspect:shar'))[0][0]).toBe('shared-login');
    expect(await s.complete('/faq su')).toEqual([['suggest'], 'su']);
    expect(await s.complete('hello')).toEqual([[], 'hello']);
  });

  it('offers only the values that start with what was typed, so Tab can complete their common prefix', async () => {
    const s = session(new ScriptedIO());
    const [values, typed] = await s.complete('/privacy-tip tip:lo');
    expect(typed).toBe('lo');
    expect([...values].sort()).toEqual(['location-on-posts', 'logging-in-with-accounts', 'login-alerts']);
    const [both] = await s.complete('/privacy-tip tip:log');
    expect([...both].sort()).toEqual(['logging-in-with-accounts', 'login-alerts']);
    expect(await s.complete('/privacy-tip login-a')).toEqual([['login-alerts'], 'login-a']);
  });
});
