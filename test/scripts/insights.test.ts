/**
 * `npm run insights` (scripts/insights.ts): the report of one server from the database, and its
 * `--jsonl` form that `npm run eval` reads as a set of questions to label.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { parseLabelledQuestions } from '../../src/search/evaluation.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const GUILD = '100000000000000001';
const dir = mkdtempSync(join(tmpdir(), 'insights-script-'));
const database = join(dir, 'bot.sqlite');

beforeAll(async () => {
  const now = Date.now();
  const storage = openSqliteStorage(database, { now: () => now });
  const guess = [{ topicId: 'privacy', score: 0.31 }];
  const base = { guildId: GUILD, outcome: 'not-confident', guesses: guess, locale: 'en-US' } as const;
  await storage.insights.record({ ...base, question: 'who can see my likes on facebook' }, now);
  await storage.insights.record({ ...base, question: 'Who can SEE my likes on Facebook??' }, now);
  await storage.insights.record(
    { ...base, question: 'is <@\u200b42> reading my dms', outcome: 'off-topic' },
    now,
  );
  await storage.insights.record({ ...base, question: 'an old one' }, now - 10 * 86_400_000);
  await storage.insights.record({ ...base, guildId: '100000000000000002', question: 'elsewhere' }, now);
  await storage.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: database, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/insights.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 15_000,
    env,
  });
}

describe('npm run insights', () => {
  it("prints the server's report from the database, groups first by size, inside the window", () => {
    const result = run('--guild', GUILD, '--days', '7');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toContain('3 kept, 2 groups');
    expect(lines[1]).toMatch(
      /^1\. \[en-US\] Who can SEE my likes on Facebook\?\? {2}×2 \(not-confident ×2\); best guesses: privacy \(0\.31\)$/,
    );
    expect(lines[2]).toContain('is <@42> reading my dms');
    expect(result.stdout).not.toContain('an old one');
    expect(result.stdout).not.toContain('elsewhere');
  });

  it('writes --jsonl lines that npm run eval reads as questions to label', () => {
    const result = run('--guild', GUILD, '--jsonl');
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual({ q: 'an old one', topics: [] });
    expect(lines).toHaveLength(3);
    const parsed = parseLabelledQuestions(result.stdout);
    expect(parsed.problems).toEqual([]);
    expect(parsed.questions).toHaveLength(3);
  });

  it('refuses to run without a server id', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--guild');
  });
});
