import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CommandModule } from '../commands/types.js';
import { Dispatcher } from '../src/dispatch.js';
import { t } from '../src/i18n/messages.js';
import { createLogger } from '../src/logger.js';
import { message, update } from '../src/replies/reply.js';
import { UserError } from '../src/replies/user-error.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const echo: CommandModule = {
  definition: { name: 'echo', description: 'Echo' },
  run: (_ctx, input) => message({ content: String(input.options.text) }),
  autocomplete: () =>
    Array.from({ length: 40 }, (_, i) => ({
      name: `${'n'.repeat(150)}${i}`,
      value: `${'v'.repeat(150)}${i}`,
    })),
  component: (_ctx, input) => update({ content: `${input.action}:${input.args.join(',')}` }),
  modal: (_ctx, input) => message({ content: input.fields.answer ?? '' }),
};

const broken: CommandModule = {
  definition: { name: 'broken', description: 'Always fails' },
  run: () => {
    throw new Error('database exploded');
  },
  autocomplete: () => {
    throw new Error('autocomplete exploded');
  },
};

const picky: CommandModule = {
  definition: { name: 'picky', description: 'Refuses' },
  run: () => {
    throw new UserError('faq.invalid.tooShort', { field: 'question', count: 10 });
  },
};

describe('Dispatcher', () => {
  let app: TestApp;
  let logged: string[];
  let ctx: CommandContext;
  const dispatcher = new Dispatcher([echo, broken, picky]);

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  function freshContext(): CommandContext {
    logged = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    });
    const base = app.context();
    return { ...base, services: { ...base.services, logger: createLogger('info', sink) } };
  }

  const input = (options: Record<string, string> = {}) => ({
    subcommand: null,
    subcommandGroup: null,
    options,
  });

  it('runs the command module with that name', async () => {
    ctx = freshContext();
    const response = await dispatcher.handle(ctx, {
      type: 'command',
      command: 'echo',
      input: input({ text: 'hi' }),
    });
    expect(response).toEqual({ kind: 'message', reply: { content: 'hi' } });
  });

  it('routes a button by the first part of its custom id and passes action and arguments', async () => {
    ctx = freshContext();
    const response = await dispatcher.handle(ctx, {
      type: 'component',
      customId: 'echo:page:2:x',
      messageId: '1',
    });
    expect(response).toEqual({ kind: 'update', reply: { content: 'page:2,x' } });
  });

  it('routes a modal submit with its fields', async () => {
    ctx = freshContext();
    const response = await dispatcher.handle(ctx, {
      type: 'modal',
      customId: 'echo:submit',
      fields: { answer: '42' },
      messageId: null,
    });
    expect(response).toEqual({ kind: 'message', reply: { content: '42' } });
  });

  it('shows a user error privately with its own message and logs nothing', async () => {
    ctx = freshContext();
    const response = await dispatcher.handle(ctx, { type: 'command', command: 'picky', input: input() });
    expect(response).toEqual({
      kind: 'message',
      reply: { content: 'The question must be at least 10 characters long.', ephemeral: true },
    });
    expect(logged).toHaveLength(0);
  });

  it('turns a crash into a private message with a reference that is also in the log', async () => {
    ctx = freshContext();
    const response = await dispatcher.handle(ctx, { type: 'command', command: 'broken', input: input() });
    expect(response.kind).toBe('message');
    const reply = response.kind === 'message' ? response.reply : undefined;
    expect(reply?.ephemeral).toBe(true);
    expect(reply?.content).not.toContain('database exploded');
    const reference = reply?.content?.match(/`(E-[0-9A-Z]{6})`/)?.[1];
    expect(reference).toBeDefined();
    const line = JSON.parse(logged.join(''));
    expect(line).toMatchObject({ reference, interactionId: ctx.interactionId, msg: 'handler failed' });
    expect(line.err.message).toBe('database exploded');
  });

  it('answers an unknown command or stale button privately instead of failing', async () => {
    ctx = freshContext();
    const unknown = await dispatcher.handle(ctx, { type: 'command', command: 'nope', input: input() });
    const stale = await dispatcher.handle(ctx, { type: 'component', customId: 'gone:x', messageId: null });
    for (const response of [unknown, stale]) {
      expect(response.kind === 'message' && response.reply.ephemeral).toBe(true);
    }
  });

  it('clamps autocomplete to 25 choices with names and values of at most 100 characters', async () => {
    ctx = freshContext();
    const choices = await dispatcher.autocomplete(ctx, 'echo', {
      ...input(),
      focused: { name: 'x', value: '' },
    });
    expect(choices).toHaveLength(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('cuts autocomplete names and values by characters as Discord counts them, never inside an emoji', async () => {
    const emoji: CommandModule = {
      definition: { name: 'emoji', description: 'Emoji' },
      run: () => message({ content: 'x' }),
      autocomplete: () => [{ name: `x${'😀'.repeat(150)}`, value: `x${'😀'.repeat(150)}` }],
    };
    ctx = freshContext();
    const [choice] = await new Dispatcher([emoji]).autocomplete(ctx, 'emoji', {
      ...input(),
      focused: { name: 'x', value: '' },
    });
    expect(choice).toEqual({ name: `x${'😀'.repeat(98)}…`, value: `x${'😀'.repeat(99)}` });
  });

  it('offers no choices, and logs, when autocomplete fails', async () => {
    ctx = freshContext();
    const choices = await dispatcher.autocomplete(ctx, 'broken', {
      ...input(),
      focused: { name: 'x', value: 'a' },
    });
    expect(choices).toEqual([]);
    expect(logged.join('')).toContain('autocomplete exploded');
  });

  describe('repeated public answers', () => {
    const run = (channelId: string, text: string, extra: Partial<CommandContext> = {}) => {
      const base = freshContext();
      const guarded = { ...base.services, config: { ...base.services.config, REPEAT_ANSWER_SECONDS: 60 } };
      return dispatcher.handle(
        { ...base, services: guarded, channelId, ...extra },
        { type: 'command', command: 'echo', input: input({ text }) },
      );
    };

    it('shows the same answer privately when it was just posted in that channel', async () => {
      const first = await run('200000000000000101', 'ownership answer');
      const second = await run('200000000000000101', 'ownership answer');
      expect(first).toEqual({ kind: 'message', reply: { content: 'ownership answer' } });
      expect(second.kind === 'message' && second.reply.ephemeral).toBe(true);
      expect(second.kind === 'message' && second.reply.content).toBe(
        `${t('en-US', 'common.repeatNote')}\n\nownership answer`,
      );
    });

    it('still posts a different answer, or the same answer in another channel, publicly', async () => {
      await run('200000000000000102', 'ownership answer');
      const other = await run('200000000000000102', 'privacy answer');
      const elsewhere = await run('200000000000000103', 'ownership answer');
      expect(other.kind === 'message' && other.reply.ephemeral).toBeFalsy();
      expect(elsewhere.kind === 'message' && elsewhere.reply.ephemeral).toBeFalsy();
    });

    it('never holds back a repeat when REPEAT_ANSWER_SECONDS is 0', async () => {
      const base = freshContext();
      const off = { ...base.services.config, REPEAT_ANSWER_SECONDS: 0 };
      const services = { ...base.services, config: off };
      await run('200000000000000104', 'same', { services });
      const again = await run('200000000000000104', 'same', { services });
      expect(again.kind === 'message' && again.reply.ephemeral).toBeFalsy();
    });
  });
});
