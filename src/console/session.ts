/**
 * One console user's conversation with the bot, independent of the terminal: each typed line
 * becomes a request through the same Dispatcher the Discord transport uses; replies are
 * rendered as text, buttons can be picked by number, and modals are filled in one field at a
 * time. Tab completion comes from the command definitions and their autocomplete handlers.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandContext, MemberAccess } from '../../commands/types.js';
import type { App } from '../app.js';
import type { Dispatcher, Request } from '../dispatch.js';
import type { Locale } from '../i18n/locales.js';
import type { HandlerResponse, Modal, ModalField, Reply } from '../replies/reply.js';
import { discordLength } from '../replies/text-length.js';
import {
  parseCommandLine,
  QUIT_COMMANDS,
  resolveCommandPath,
  subcommandNames,
  takesRestOfLine,
} from './command-line.js';
import { describeModal, describeModalField, type PickableButton, renderReply } from './render.js';

export interface ConsoleIO {
  /** Prints a block of text followed by a newline. */
  print(text: string): void;
  /**
   * Asks for one line; resolves null when that read was ended instead (Ctrl-D, a closed pipe).
   * After a Ctrl-D at a terminal a later call may read again; after the input ends it may not.
   */
  readLine(prompt: string): Promise<string | null>;
}

export interface ConsoleIdentity {
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly userId: string;
  readonly displayName: string;
  readonly access: MemberAccess | null;
  /** The language the console user reads (from `--locale`; a Discord locale the bot speaks). */
  readonly locale: Locale;
}

export const CANCEL_WORD = '/cancel';
const MAX_FIELD_ATTEMPTS = 5;

export class ConsoleSession {
  private buttons: readonly PickableButton[] = [];
  private buttonsMessageId: string | null = null;
  private nextInteraction = 1n;
  private nextMessage = 1n;

  constructor(
    private readonly app: App,
    private readonly dispatcher: Dispatcher,
    private readonly identity: ConsoleIdentity,
    private readonly io: ConsoleIO,
  ) {}

  private context(): CommandContext {
    const { guildId, channelId, userId, displayName, access, locale } = this.identity;
    return {
      interactionId: String(800_000_000_000_000_000n + this.nextInteraction++),
      user: { id: userId, displayName },
      guildId,
      channelId,
      access,
      locale,
      // The console's server has no Discord language; `/faq config language` sets one.
      guildLocale: null,
      services: this.app.services,
    };
  }

  /**
   * Reads and handles lines at the `> ` prompt until the user leaves: `/quit`, or the input
   * ending there (Ctrl-D, a closed pipe). Ctrl-D inside a form only leaves the form (see
   * fillModal); a second one, at this prompt, ends the session. A line that fails is logged
   * and reported, and the session goes on. `logHint` says where the log can be read.
   */
  async run(logHint = 'the log'): Promise<void> {
    for (;;) {
      const line = await this.io.readLine('> ');
      if (line === null) return;
      let goOn = true;
      try {
        goOn = await this.handleLine(line);
      } catch (error) {
        this.app.services.logger.error({ err: error, line }, 'console line failed');
        this.io.print(
          `Something went wrong with that line; the details are in ${logHint}. Try another command.`,
        );
      }
      if (!goOn) return;
    }
  }

  /** Handles one typed line. Resolves false when the user asked to leave. */
  async handleLine(line: string): Promise<boolean> {
    const parsed = parseCommandLine(line, (name) => this.dispatcher.command(name)?.definition);
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'quit':
        return false;
      case 'error':
        this.io.print(parsed.message);
        return true;
      case 'pick':
        await this.pick(parsed.number);
        return true;
      case 'command':
        await this.dispatch({ type: 'command', command: parsed.command, input: parsed.input });
        return true;
    }
  }

  private async pick(number: number): Promise<void> {
    const button = this.buttons.find((b) => b.number === number);
    if (!button) {
      this.io.print(
        this.buttons.length === 0
          ? 'There are no buttons to pick right now. Type a command such as /connected.'
          : `There is no button ${number}; pick 1 to ${this.buttons.length}.`,
      );
      return;
    }
    await this.dispatch({ type: 'component', customId: button.customId, messageId: this.buttonsMessageId });
  }

  private async dispatch(request: Request): Promise<void> {
    const response = await this.dispatcher.handle(this.context(), request);
    // A form opened by a button belongs to that button's message, as on Discord.
    await this.show(response, request.type === 'component' ? request.messageId : null);
  }

  private async show(response: HandlerResponse, openedFrom: string | null = null): Promise<void> {
    if (response.kind === 'modal') {
      await this.fillModal(response.modal, openedFrom);
      return;
    }
    const rendered = renderReply(response.reply);
    this.io.print(response.kind === 'update' ? `(message updated)\n${rendered.text}` : rendered.text);
    this.setButtons(rendered.buttons, response.kind);
  }

  /**
   * A message the bot sent on its own (a scheduled tip, a notice): printed under its heading,
   * and its buttons become the ones a typed number picks.
   */
  showPosted(heading: string, reply: Reply, messageId: string | null = null): void {
    const rendered = renderReply(reply);
    this.io.print(`${heading}\n${rendered.text}`);
    if (rendered.buttons.length > 0) this.setButtons(rendered.buttons, 'message', messageId);
  }

  private setButtons(
    buttons: readonly PickableButton[],
    kind: 'message' | 'update',
    messageId: string | null = null,
  ): void {
    this.buttons = buttons;
    // An update edits the message the button was on, so its id stays the same; a posted message
    // keeps the id the outbox gave it, so a decision taken on a review card is known to come from it.
    if (kind === 'message')
      this.buttonsMessageId = messageId ?? String(700_000_000_000_000_000n + this.nextMessage++);
  }

  private async fillModal(modal: Modal, openedFrom: string | null): Promise<void> {
    this.io.print(describeModal(modal));
    const fields: Record<string, string> = {};
    for (const field of modal.fields) {
      const value = await this.readField(field);
      if (value === null) {
        // Ctrl-D here leaves the form, not the console: the next prompt is the command prompt.
        this.io.print('Form abandoned; nothing was sent.');
        return;
      }
      fields[field.customId] = value;
    }
    await this.dispatch({ type: 'modal', customId: modal.customId, fields, messageId: openedFrom });
  }

  /** One field's value, checked the way Discord checks a modal; null when the user gives up. */
  private async readField(field: ModalField): Promise<string | null> {
    this.io.print(describeModalField(field));
    for (let attempt = 0; attempt < MAX_FIELD_ATTEMPTS; attempt++) {
      const line = await this.io.readLine(`${field.label}> `);
      if (line === null || line.trim() === CANCEL_WORD) return null;
      // A terminal line cannot hold a line break, so paragraphs spell them "\n".
      const typed = field.style === 'paragraph' ? line.replace(/\\n/g, '\n') : line;
      const value = typed.trim() === '' ? (field.value ?? '') : typed.trim();
      const problem = fieldProblem(field, value);
      if (problem === null) return value;
      this.io.print(problem);
    }
    return null;
  }

  /** Completions for the text before the cursor, as Node's readline completer expects. */
  async complete(line: string): Promise<[string[], string]> {
    if (!line.startsWith('/')) return [[], line];
    const space = line.indexOf(' ');
    if (space === -1) {
      const names = [...this.dispatcher.commands.map((c) => `/${c.definition.name}`), ...QUIT_COMMANDS];
      return [names.filter((n) => n.startsWith(line.toLowerCase())).sort(), line];
    }
    const definition = this.dispatcher.command(line.slice(1, space).toLowerCase())?.definition;
    if (!definition) return [[], line];
    const afterName = line.slice(space + 1);
    const path = resolveCommandPath(definition, afterName);
    if (typeof path === 'string') {
      // Still choosing a subcommand: complete the word being typed.
      const words = afterName.split(/\s+/);
      const partial = words.at(-1) ?? '';
      let options = definition.options;
      for (const word of words.slice(0, -1)) {
        const group = options?.find(
          (o) => o.name === word && o.type === ApplicationCommandOptionType.SubcommandGroup,
        );
        options = group && 'options' in group ? group.options : [];
      }
      return [subcommandNames(options).filter((n) => n.startsWith(partial.toLowerCase())), partial];
    }
    const input = { subcommandGroup: path.subcommandGroup, subcommand: path.subcommand, options: {} };
    if (takesRestOfLine(path.options)) {
      const option = path.options[0]!;
      if (!('autocomplete' in option) || !option.autocomplete) return [[], path.rest];
      const prefix = `${option.name}:`;
      const typed = path.rest.toLowerCase().startsWith(prefix) ? path.rest.slice(prefix.length) : path.rest;
      const choices = await this.dispatcher.autocomplete(this.context(), definition.name, {
        ...input,
        focused: { name: option.name, value: typed },
      });
      return [
        preferPrefix(
          choices.map((c) => c.value),
          typed,
        ),
        typed,
      ];
    }
    const token = /(\S*)$/.exec(path.rest)?.[1] ?? '';
    const colon = token.indexOf(':');
    if (colon === -1) {
      const names = path.options.map((o) => `${o.name}:`).filter((n) => n.startsWith(token.toLowerCase()));
      return [names, token];
    }
    const name = token.slice(0, colon).toLowerCase();
    const typed = token.slice(colon + 1).replace(/^["']/, '');
    const option = path.options.find((o) => o.name === name);
    if (!option) return [[], token];
    let values: string[] = [];
    if ('autocomplete' in option && option.autocomplete) {
      const choices = await this.dispatcher.autocomplete(this.context(), definition.name, {
        ...input,
        focused: { name, value: typed },
      });
      values = preferPrefix(
        choices.map((c) => c.value),
        typed,
      );
    } else if ('choices' in option && option.choices) {
      values = option.choices.map((c) => String(c.value)).filter((v) => v.startsWith(typed));
    }
    return [values.map((v) => `${name}:${/\s/.test(v) ? `"${v}"` : v}`), token];
  }
}

/**
 * Readline inserts what the candidates share only when they all start with what was typed, and
 * an autocomplete list also holds looser matches ("allow" for "lo"): those are offered only when
 * no candidate starts with the typed text.
 */
function preferPrefix(values: readonly string[], typed: string): string[] {
  const wanted = typed.toLowerCase();
  const starting = values.filter((value) => value.toLowerCase().startsWith(wanted));
  return starting.length > 0 ? starting : [...values];
}

function fieldProblem(field: ModalField, value: string): string | null {
  if (value === '') return field.required ? 'This field is required; type a value (or /cancel).' : null;
  if (field.minLength !== undefined && discordLength(value) < field.minLength) {
    return `Too short: at least ${field.minLength} characters (you typed ${discordLength(value)}).`;
  }
  if (field.maxLength !== undefined && discordLength(value) > field.maxLength) {
    return `Too long: at most ${field.maxLength} characters (you typed ${discordLength(value)}).`;
  }
  return null;
}
