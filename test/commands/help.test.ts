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
  it('names every registered command and each of its subcommands', async () => {
    const reply = messageReply(await app.run('help'));
    const text = reply.embeds?.[0]?.description ?? '';
    for (const { definition } of commands) {
      const subcommands = (definition.options ?? []).filter(
        (o) => o.type === ApplicationCommandOptionType.Subcommand,
      );
      if (subcommands.length === 0) expect(text).toContain(`\`/${definition.name}`);
      for (const sub of subcommands) expect(text).toContain(`\`/${definition.name} ${sub.name}`);
    }
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
