import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
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
    name: 'notify',
    description: 'Notify',
    options: [
      { type: T.Role, name: 'role', description: 'r' },
      { type: T.Mentionable, name: 'who', description: 'w' },
    ],
  },
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

  it('reads each mention syntax as the id where the option takes that kind, and refuses it elsewhere', () => {
    expect(parse('/notify role:<@&300000000000000009> who:<@300000000000000008>')).toEqual(
      command(null, { role: '300000000000000009', who: '300000000000000008' }),
    );
    expect(parse('/notify who:<@&300000000000000009>')).toEqual(command(null, { who: '300000000000000009' }));
    const refused = (line: string) => {
      const parsed = parse(line);
      return parsed.kind === 'error' ? parsed.message : `not an error: ${parsed.kind}`;
    };
    expect(refused('/notify role:<@300000000000000008>')).toContain('must be a role');
    expect(refused('/notify who:<#300000000000000007>')).toContain('must be a user or a role');
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
    expect(message('/faq show entry:1 mention:bob')).toContain('must be a user: a Discord id');
    // A role or channel mention where a user is wanted, as Discord's own picker never offers.
    expect(message('/faq show entry:1 mention:<@&300000000000000009>')).toContain('must be a user');
    expect(message('/faq show entry:1 mention:<#300000000000000009>')).toContain('must be a user');
    expect(message('/faq config review-channel channel:200000000000000001 mode:weekly')).toContain(
      'must be one of "all", "daily"',
    );
    expect(message('/topics extra:1')).toContain('This command takes no options.');
    expect(message(`/ask ${'x'.repeat(301)}`)).toContain('takes at most 300 characters (you typed 301)');
  });
});

describe('parseCommandLine with the real commands', () => {
  const parseReal = (line: string) =>
    parseCommandLine(line, (name) => commands.find((c) => c.definition.name === name)?.definition);
  const errorOf = (line: string) => {
    const parsed = parseReal(line);
    return parsed.kind === 'error' ? parsed.message : `not an error: ${JSON.stringify(parsed)}`;
  };

  it('takes the text up to the next option name as the value, so values with spaces need no quotes', () => {
    expect(parseReal('/faq remove entry:1 reason:Test entry')).toEqual(
      command('remove', { entry: '1', reason: 'Test entry' }),
    );
    expect(
      parseReal('/privacy-tips schedule channel:200000000000000001 cron:0 9 * * 1 timezone:Europe/Berlin'),
    ).toEqual(
      command('schedule', {
        channel: '200000000000000001',
        cron: '0 9 * * 1',
        timezone: 'Europe/Berlin',
      }),
    );
    expect(parseReal('/privacy-tips schedule cron:0 9 * * 1 channel:200000000000000001')).toEqual(
      command('schedule', { channel: '200000000000000001', cron: '0 9 * * 1' }),
    );
  });

  it('accepts the names localised replies show (any supported locale), as the English ones', () => {
    expect(parseReal('/temas')).toEqual(parseReal('/topics'));
    expect(parseReal('/preguntar pregunta: están conectados fb: y ig')).toEqual(
      command(null, { question: 'están conectados fb: y ig' }),
    );
    expect(parseReal('/faq retirar entrada:1 motivo:Entrada repetida')).toEqual(
      command('remove', { entry: '1', reason: 'Entrada repetida' }),
    );
    expect(parseReal('/dicas-privacidade agendar canal:200000000000000001 cron:0 9 * * 1')).toEqual(
      command('schedule', { channel: '200000000000000001', cron: '0 9 * * 1' }),
    );
    expect(errorOf('/temass')).toContain('Unknown command "/temass"');
  });

  it('leaves the text of values as typed, localised option names included', () => {
    // A question that starts with the option's localised name is still the question.
    expect(parseReal('/preguntar pregunta sobre anuncios')).toEqual(
      command(null, { question: 'pregunta sobre anuncios' }),
    );
    expect(parseReal('/faq retirar entrada:1 motivo:"duplicado, motivo:spam"')).toEqual(
      command('remove', { entry: '1', reason: 'duplicado, motivo:spam' }),
    );
    // Accents and Unicode forms of a localised name do not matter.
    for (const name of ['fuso-horário', 'fuso-horario', 'fuso-hora\u0301rio']) {
      expect(
        parseReal(`/dicas-privacidade agendar canal:200000000000000001 cron:0 9 * * 1 ${name}:UTC`),
      ).toEqual(command('schedule', { channel: '200000000000000001', cron: '0 9 * * 1', timezone: 'UTC' }));
    }
  });

  it('still accepts quoted values, and keeps a colon inside free text as text', () => {
    expect(parseReal('/faq remove entry:"1" reason:"Test entry"')).toEqual(
      command('remove', { entry: '1', reason: 'Test entry' }),
    );
    expect(parseReal('/ask question:what is fb: a question')).toEqual(
      command(null, { question: 'what is fb: a question' }),
    );
    expect(parseReal('/ask what is fb: a question')).toEqual(
      command(null, { question: 'what is fb: a question' }),
    );
    expect(parseReal('/ask fb: is it meta')).toEqual(command(null, { question: 'fb: is it meta' }));
    expect(parseReal('/ask https://instagram.com is that meta')).toEqual(
      command(null, { question: 'https://instagram.com is that meta' }),
    );
    expect(parseReal('/faq remove entry:1 reason:see note:duplicate')).toEqual(
      command('remove', { entry: '1', reason: 'see note:duplicate' }),
    );
  });

  it('refuses an unknown name: option the same way for every command', () => {
    expect(errorOf('/connected aspects:privacy')).toBe('Unknown option "aspects". Options: aspect.');
    expect(errorOf('/topics extra:1')).toBe('Unknown option "extra". This command takes no options.');
    expect(errorOf('/faq remove entry:1 reasn:Test entry')).toBe(
      'Unknown option "reasn". Options: entry, reason.',
    );
  });

  it('in free text, refuses only a near miss of a real option name, and says how to keep it as text', () => {
    expect(errorOf('/ask questoin:what is fb')).toBe(
      'Unknown option "questoin". Options: question. If "questoin:" is part of the question, quote the whole value: question:"questoin:what is fb".',
    );
    expect(parseReal('/ask colour:red is that meta')).toEqual(
      command(null, { question: 'colour:red is that meta' }),
    );
    expect(errorOf('/privacy-tips schedule channel:200000000000000001 cron:0 9 * * 1 timezon:CET')).toBe(
      'Unknown option "timezon". Options: channel, cron, timezone. If "timezon:" is part of the cron, quote the whole value: cron:"0 9 * * 1 timezon:CET".',
    );
    expect(errorOf('/faq remove entyr:1')).toBe('Unknown option "entyr". Options: entry, reason.');
    expect(errorOf('/faq show entry:1 mentoin:300000000000000009')).toBe(
      'Unknown option "mentoin". Options: entry, mention.',
    );
  });

  it('names the option whose value needs quotes, with an example, when a line still cannot be read', () => {
    expect(errorOf('/faq remove entry:1 reason:wrong entry:3 was meant')).toContain(
      'reason:"wrong entry:3 was meant"',
    );
    expect(errorOf('/faq show 12')).toContain('entry:12');
  });
});

describe('parseCommandLine lengths', () => {
  it('counts characters as Discord does, an emoji as one, in the check and in the length it states', () => {
    const emoji = (n: number) => '😀'.repeat(n);
    expect(parse(`/ask ${emoji(300)}`)).toEqual(command(null, { question: emoji(300) }));
    const parsed = parse(`/ask ${emoji(301)}`);
    expect(parsed.kind === 'error' ? parsed.message : parsed.kind).toContain(
      'takes at most 300 characters (you typed 301)',
    );
  });
});
