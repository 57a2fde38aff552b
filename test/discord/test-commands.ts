/**
 * Command modules that exist only in the end-to-end tests, to drive transport behaviour the real
 * commands do not show on demand: a handler that throws, one that waits for the test to release
 * it (deferral), a button that opens a modal, text full of would-be pings, and a context echo.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandContext, CommandModule } from '../../commands/types.js';
import { customId } from '../../src/replies/custom-id.js';
import { ephemeral, message, openModal, update } from '../../src/replies/reply.js';

export const failingCommand: CommandModule = {
  definition: { name: 'e2e-fail', description: 'Always throws' },
  run() {
    throw new Error('the e2e-fail handler broke on purpose');
  },
};

/** A gate the test opens when it is ready for the handler to finish. */
export class Gate {
  private release: () => void = () => {};
  private promise = this.reset();

  reset(): Promise<void> {
    this.promise = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    return this.promise;
  }

  open(): void {
    this.release();
  }

  wait(): Promise<void> {
    return this.promise;
  }
}

export const slowGate = new Gate();

/**
 * Waits for `slowGate`, then answers publicly, or ephemerally with `private:true`, or tries to open
 * a form with `form:true` (too late after a deferral); buttons likewise.
 */
export const slowCommand: CommandModule = {
  definition: {
    name: 'e2e-slow',
    description: 'Answers when the test says so',
    options: [
      { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Ephemeral result' },
      { type: ApplicationCommandOptionType.Boolean, name: 'form', description: 'Open a form, late' },
    ],
  },
  async run(_ctx, input) {
    await slowGate.wait();
    if (input.options.private === true) return ephemeral('slow and private');
    if (input.options.form === true) {
      return openModal({
        customId: customId('e2e-slow', 'form'),
        title: 'Too late',
        fields: [{ customId: 'note', label: 'Note', style: 'short', required: false }],
      });
    }
    return message({ content: 'slow but public' });
  },
  async autocomplete() {
    await slowGate.wait();
    return [{ name: 'too late', value: 'late' }];
  },
  /** `e2e-slow:update` replaces the message the button is on; `e2e-slow:note` answers privately. */
  async component(_ctx, input) {
    await slowGate.wait();
    return input.action === 'update'
      ? update({ content: 'updated slowly' })
      : ephemeral('a slow private note');
  },
};

/** A button that opens a form; the form's answer replaces the message the button was on. */
export const formCommand: CommandModule = {
  definition: { name: 'e2e-form', description: 'A button that opens a form' },
  run() {
    return message({
      content: 'Press to fill in the form',
      buttons: [[{ customId: customId('e2e-form', 'open'), label: 'Open' }]],
    });
  },
  component(_ctx, input) {
    if (input.action !== 'open') return ephemeral('unknown button');
    return openModal({
      customId: customId('e2e-form', 'submit', 'note'),
      title: 'Leave a note',
      fields: [{ customId: 'note', label: 'Your note', style: 'paragraph', required: true, maxLength: 500 }],
    });
  },
  modal(_ctx, input) {
    return update({ content: `Noted: ${input.fields.note ?? '(nothing)'} [${input.args.join(',')}]` });
  },
};

/** Text that would ping everyone, a role and a user if mentions were parsed; optionally targets one user. */
export const mentionCommand: CommandModule = {
  definition: {
    name: 'e2e-mention',
    description: 'Text full of mentions',
    options: [
      { type: ApplicationCommandOptionType.User, name: 'target', description: 'The one user to ping' },
    ],
  },
  run(_ctx, input) {
    const target = typeof input.options.target === 'string' ? input.options.target : undefined;
    return message({
      content: `@everyone @here <@&123456789012345678> <@987654321098765432> ${target ? `<@${target}>` : ''}`,
      ...(target && { mentionUserId: target }),
    });
  },
};

/** Echoes the context the transport built, so tests can check access, roles and options. */
export const echoCommand: CommandModule = {
  definition: {
    name: 'e2e-echo',
    description: 'Shows the context',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'Show it',
        options: [{ type: ApplicationCommandOptionType.Integer, name: 'count', description: 'A number' }],
      },
    ],
  },
  run(ctx, input) {
    return ephemeral(JSON.stringify({ ...describeContext(ctx), input }));
  },
  component(ctx) {
    return ephemeral(JSON.stringify(describeContext(ctx)));
  },
};

function describeContext(ctx: CommandContext) {
  return {
    interactionId: ctx.interactionId,
    user: ctx.user,
    guildId: ctx.guildId,
    channelId: ctx.channelId,
    access: ctx.access,
  };
}

/** A gate for `e2e-db`: the test opens it once storage is closed. */
export const dbGate = new Gate();

/** Waits for `dbGate`, then reads the database (the guild's tip status) and answers ephemerally. */
export const databaseCommand: CommandModule = {
  definition: { name: 'e2e-db', description: 'Reads storage when the test says so' },
  async run(ctx) {
    await dbGate.wait();
    return ephemeral(JSON.stringify(await ctx.services.tips.status(ctx.guildId ?? '0')));
  },
};

export const TEST_COMMANDS: readonly CommandModule[] = [
  databaseCommand,
  failingCommand,
  slowCommand,
  formCommand,
  mentionCommand,
  echoCommand,
];

export function withTestCommands(appCommands: readonly CommandModule[]): readonly CommandModule[] {
  return [...appCommands, ...TEST_COMMANDS];
}
