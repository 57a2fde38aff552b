/**
 * Insights end to end: the real bot (discord.js) against the local Discord stand-in. An
 * unanswered question and a "Not what I asked" click are recorded without any user id (checked
 * in the database file itself), and /faq insights leads a moderator to the suggestion form
 * pre-filled with the question.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InteractionExchange, PERMISSIONS } from '../support/fake-discord/index.js';
import { startTestBot, type TestBot } from '../support/fake-discord/test-bot.js';

const MEMBER = { user: { id: '310000000000000031', username: 'member' }, permissions: PERMISSIONS.member };
const OTHER = { user: { id: '310000000000000032', username: 'other' }, permissions: PERMISSIONS.member };
const MODERATOR = { user: { id: '310000000000000041', username: 'mod' }, permissions: PERMISSIONS.moderator };
const QUESTION = 'what movie should I watch tonight with <@310000000000000032>';

const dir = mkdtempSync(join(tmpdir(), 'insights-e2e-'));
const databasePath = join(dir, 'bot.sqlite');
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({
    env: { DATABASE_PATH: databasePath, ASK_COOLDOWN_SECONDS: '0', REPEAT_ANSWER_SECONDS: '0' },
  });
});

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seen(exchange: InteractionExchange) {
  return (await exchange.final()).data;
}
const isEphemeral = (data: { flags?: number }) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** The insights table as the database file holds it, read on a connection of its own. */
function storedInsights(): { columns: string[]; rows: Record<string, unknown>[] } {
  const db = new Database(databasePath, { readonly: true });
  try {
    const columns = (db.prepare('PRAGMA table_info(insights)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    return {
      columns,
      rows: db.prepare('SELECT * FROM insights ORDER BY id').all() as Record<string, unknown>[],
    };
  } finally {
    db.close();
  }
}

describe('insights through Discord', () => {
  it('records questions without any user id, and leads a moderator to a pre-filled suggestion', async () => {
    const guild = t.fake.addGuild({ channels: [{ name: 'general' }] });
    const as = (who: typeof MEMBER) => ({ ...who, guild: guild.id });

    const refused = await seen(
      await t.fake.sendSlashCommand({ name: 'ask', options: { question: QUESTION }, ...as(MEMBER) }),
    );
    expect(isEphemeral(refused)).toBe(true);

    const answer = await seen(
      await t.fake.sendSlashCommand({
        name: 'ask',
        options: { question: 'how do i stop my insta posts going to fb' },
        ...as(OTHER),
      }),
    );
    const missId = JSON.stringify(answer.components).match(/"custom_id":"(ask:miss:[^"]+)"/)?.[1];
    expect(missId).toBeDefined();
    const acknowledged = await seen(await t.fake.clickButton(missId!, as(MEMBER)));
    expect(isEphemeral(acknowledged)).toBe(true);

    const { columns, rows } = storedInsights();
    expect(columns.sort()).toEqual(
      ['at', 'guesses', 'guild_id', 'id', 'locale', 'outcome', 'question', 'voter_key'].sort(),
    );
    expect(rows.map((r) => r.outcome)).toEqual(['off-topic', 'not-helpful']);
    // Neither the asker, nor the clicker, nor the member mentioned in the question is stored as an id
    // that could ping: the mention is inert (a zero-width space after the @).
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(MEMBER.user.id);
    expect(rows[0]?.question).toBe('what movie should I watch tonight with <@\u200b310000000000000032>');

    const report = await seen(
      await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'insights', ...as(MODERATOR) }),
    );
    expect(isEphemeral(report)).toBe(true);
    expect(report.content).toContain('what movie should I watch tonight');
    // The buttons follow the report's lines: the one on the movie question's line opens it.
    const line = (report.content as string)
      .split('\n')
      .slice(1)
      .findIndex((l) => l.includes('movie'));
    const buttons = [...JSON.stringify(report.components).matchAll(/"custom_id":"(faq:from-insight:\d+)"/g)];
    const fromInsight = buttons[line]?.[1];
    expect(fromInsight).toBeDefined();

    const memberView = await seen(
      await t.fake.sendSlashCommand({ name: 'faq', subcommand: 'insights', ...as(MEMBER) }),
    );
    expect(isEphemeral(memberView)).toBe(true);
    expect(memberView.content).not.toContain('movie');

    const opened = await t.fake.clickButton(fromInsight!, as(MODERATOR));
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
    expect(opened.callback.data.custom_id).toBe('faq:suggest');
    expect(JSON.stringify(opened.callback.data)).toContain(
      'what movie should I watch tonight with <@\u200b3100',
    );
  });
});
