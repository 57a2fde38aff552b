import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { readCommandOptions } from '../../src/discord/command-options.js';

const { SubcommandGroup, Subcommand, String: Text, Integer, User } = ApplicationCommandOptionType;

describe('readCommandOptions', () => {
  it('reads a subcommand group, its subcommand and the leaf values by name', () => {
    const input = readCommandOptions([
      {
        name: 'faq',
        type: SubcommandGroup,
        options: [
          {
            name: 'edit',
            type: Subcommand,
            options: [
              { name: 'id', type: Integer, value: 7 },
              { name: 'author', type: User, value: '123456789012345678' },
            ],
          },
        ],
      },
    ]);
    expect(input).toEqual({
      subcommandGroup: 'faq',
      subcommand: 'edit',
      options: { id: 7, author: '123456789012345678' },
      focused: undefined,
    });
  });

  it('gives nulls for a command without subcommands and skips options with no value', () => {
    const input = readCommandOptions([
      { name: 'question', type: Text, value: 'who owns WhatsApp?' },
      { name: 'private', type: Text, value: null },
      { name: 'topic', type: Text },
    ]);
    expect(input.subcommandGroup).toBeNull();
    expect(input.subcommand).toBeNull();
    expect(input.options).toEqual({ question: 'who owns WhatsApp?' });
  });

  it('names the focused leaf for autocomplete', () => {
    const focused = { name: 'topic', type: Text, value: 'insta', focused: true };
    const input = readCommandOptions([
      { name: 'show', type: Subcommand, options: [{ name: 'id', type: Integer, value: 1 }, focused] },
    ]);
    expect(input.subcommand).toBe('show');
    expect(input.focused).toBe(focused);
  });

  it('reads no options at all as an empty input', () => {
    expect(readCommandOptions(undefined)).toEqual({
      subcommandGroup: null,
      subcommand: null,
      options: {},
      focused: undefined,
    });
  });
});
