import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../commands/types.js';
import { parseCommandLine } from '../../src/console/command-line.js';

const definitions: CommandDefinition[] = [
  {
    name: 'ask',
    description: 'Ask',
    options: [{ type: T.String, name: 'question', description: 'q', required: true, max_length: 300 }],
  },
  {
    name: 'connected',
    description: 'Connected',
    options: [{ type: T.String, name: 'aspect', description: 'a', required: false, autocomplete: true }],
  },
  { name: 'topics', description: 'Topics' },
  {
    name: 'faq',
    description: 'FAQ',
    options: [
      {
        type: T.Subcommand,
        name: 'show',
        description: 'Show',
        options: [
          { type: T.Integer, name: 'entry', description: 'e', required: true, min_value: 1 },
          { type: T.User, name: 'mention', description: 'm' },
        ],
      },
      { type: T.Subcommand, name: 'suggest', description: 'Suggest' },
      {
        type: T.SubcommandGroup,
        name: 'config',
        description: 'Config',
        options: [
          {
            type: T.Subcommand,
            name: 'review-channel',
            description: 'Channel',
            options: [
              { type: T.Channel, name: 'channel', description: 'c', required: true },
              { type: T.Boolean, name: 'notify', description: 'n' },
              {
                type: T.String,
                name: 'mode',
                description: 'm',
                choices: [
                  { name: 'Every suggestion', value: 'all' },
                  { name: 'Daily digest', value: 'daily' },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

const parse = (line: string) => parseCommandLine(line, (name) => definitions.find((d) => d.name === name));
const command = (
  subcommand: string | null,
  options: Record<string, unknown>,
  subcommandGroup: string | null = null,
) => expect.objectContaining({ kind: 'command', input: { subcommand, subcommandGroup, options } });

describe('parseCommandLine', () => {
  it('takes the rest of the line as the value of a single string option, quotes and all', () => {
    expect(parse(`/ask how do ads follow me from "fb" to insta's`)).toEqual(
      command(null, { question: `how do ads follow me from "fb" to insta's` }),
    );
  });

  it('accepts the option name before a single string value, with or without quotes', () => {
    expect(parse('/connected aspect:advertising')).toEqual(command(null, { aspect: 'advertising' }));
    expect(parse('/connected aspect:"shared login"')).toEqual(command(null, { aspect: 'shared login' }));
    expect(parse('/connected')).toEqual(command(null, {}));
  });

  it('reads subcommands and typed name:value pairs', () => {
    expect(parse('/faq show entry:12 mention:<@!300000000000000009>')).toEqual(
      command('show', { entry: 12, mention: '300000000000000009' }),
    );
    expect(
      parse('/FAQ config review-channel channel:<#200000000000000001> notify:yes mode:"Daily digest"'),
    ).toEqual(
      command('review-channel', { channel: '200000000000000001', notify: true, mode: 'daily' }, 'config'),
    );
  });

  it('recognises quitting, button numbers and blank lines', () => {
    expect(parse('/quit')).toEqual({ kind: 'quit' });
    expect(parse(' /EXIT ')).toEqual({ kind: 'quit' });
    expect(parse('2')).toEqual({ kind: 'pick', number: 2 });
    expect(parse('   ')).toEqual({ kind: 'empty' });
  });

  it('explains every kind of bad line instead of guessing', () => {
    const message = (line: string) => {
      const parsed = parse(line);
      return parsed.kind === 'error' ? parsed.message : `not an error: ${parsed.kind}`;
    };
    expect(message('hello')).toContain('Commands start with "/"');
    expect(message('/nope')).toBe(
      'Unknown command "/nope". Type /help to see the commands, or /quit to leave.',
    );
    expect(message('/faq')).toBe('`/faq` needs a subcommand: `/faq show`, `/faq suggest`, `/faq config`.');
    expect(message('/faq shw')).toContain('has no subcommand "shw"');
    expect(message('/faq config')).toContain('`/faq config` needs a subcommand');
    expect(message('/faq show')).toContain('Missing the required option "entry"');
    expect(message('/faq show entry:twelve')).toBe('Option "entry" must be a whole number.');
    expect(message('/faq show entry:0')).toBe('Option "entry" must be at least 1.');
    expect(message('/faq show entry:1 entry:2')).toBe('The option "entry" is given twice.');
    expect(message('/faq show 12')).toContain(`I couldn't read "12"`);
    expect(message('/faq show entry:1 colour:red')).toContain(
      'Unknown option "colour". Options: entry, mention.',
    );
    expect(message('/faq show entry:1 mention:bob')).toContain('must be a Discord id');
    expect(message('/faq config review-channel channel:200000000000000001 mode:weekly')).toContain(
      'must be one of "all", "daily"',
    );
    expect(message('/topics extra:1')).toContain('This command takes no options.');
    expect(message(`/ask ${'x'.repeat(301)}`)).toContain('takes at most 300 characters (you typed 301)');
  });
});
