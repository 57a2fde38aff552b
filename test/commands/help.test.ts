import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpLines } from '../../commands/help.js';
import { commands } from '../../commands/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectWithinDiscordLimits, messageReply } from './reply-checks.js';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(async () => {
  await app.close();
});

describe('/help', () => {
  it('names every registered command and each of its subcommands, those in groups by their full path', async () => {
    const reply = messageReply(await app.run('help'));
    const text = reply.embeds?.[0]?.description ?? '';
    const paths: string[] = [];
    for (const { definition } of commands) {
      const nested = (definition.options ?? []).filter(
        (o) =>
          o.type === ApplicationCommandOptionType.Subcommand ||
          o.type === ApplicationCommandOptionType.SubcommandGroup,
      );
      if (nested.length === 0) paths.push(definition.name);
      for (const sub of nested) {
        if (sub.type === ApplicationCommandOptionType.SubcommandGroup) {
          for (const inner of sub.options ?? []) paths.push(`${definition.name} ${sub.name} ${inner.name}`);
        } else {
          paths.push(`${definition.name} ${sub.name}`);
        }
      }
    }
    expect(paths).toContain('faq config review-channel');
    for (const path of paths) expect(text).toMatch(new RegExp(`\`/${path}[\` ]`));
    // One line per command path, none left over.
    expect(text.split('\n').filter((line) => line.startsWith('`/'))).toHaveLength(paths.length);
  });

  it('answers privately, within the limits, mentioning nobody', async () => {
    const reply = messageReply(await app.run('help'));
    expect(reply.ephemeral).toBe(true);
    expectWithinDiscordLimits(reply, '/help');
  });

  it('shows required options bare and optional ones in brackets', () => {
    const lines = helpLines(commands.map((c) => c.definition));
    expect(lines.some((l) => l.startsWith('`/connected [aspect]`'))).toBe(true);
    expect(lines.some((l) => l.startsWith('`/ask question`'))).toBe(true);
  });

  it('lists the commands of subcommand groups by their full path', () => {
    const lines = helpLines([
      {
        name: 'faq',
        description: 'Community FAQ',
        options: [
          {
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: 'config',
            description: 'Settings',
            options: [
              {
                type: ApplicationCommandOptionType.Subcommand,
                name: 'review-channel',
                description: 'Where suggestions go',
                options: [
                  {
                    type: ApplicationCommandOptionType.Channel,
                    name: 'channel',
                    description: 'c',
                    required: true,
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(lines).toEqual(['`/faq config review-channel channel` — Where suggestions go']);
  });
});
