import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { SqliteFaqStore } from '../../src/storage/sqlite/sqlite-faq-store.js';
import { createTestApp } from '../support/test-app.js';
import { ASK_SCRIPT, type ChildRun, childRuns } from './child-process.js';

const children = childRuns(ASK_SCRIPT, 'ask');
const { dir } = children;

function startAsk(args: string[], databasePath?: string): ChildRun {
  return children.start(args, { LOG_LEVEL: 'info', ...(databasePath && { DATABASE_PATH: databasePath }) });
}

interface JsonLine {
  question: string;
  locale: string;
  answer: { id: string; title: string; score: number } | null;
  related: { id: string; title: string; score: number }[];
}

function parseLines(stdout: string): JsonLine[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as JsonLine);
}

describe('npm run ask -- "question"', () => {
  it('prints the answer rendered as the console renders it', async () => {
    const run = startAsk(['how do ads follow me from fb to insta']);
    expect((await run.exit()).code).toBe(0);
    expect(run.stdout).toContain('== Why do my Facebook activity and Instagram ads seem connected? ==');
    expect(run.stdout).toContain('Sources:');
  });

  it('needs a question, and says how to give one (usage error, status 2)', async () => {
    const run = startAsk([]);
    expect((await run.exit()).code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run ask');
  });

  it('prints the usage on standard output with status 0 for --help', async () => {
    const run = startAsk(['--help']);
    expect((await run.exit()).code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run ask');
    expect(run.stderr).toBe('');
  });

  it("refuses a --locale that is not one of Discord's locale codes, with status 2", async () => {
    const run = startAsk(['--locale', 'es_ES', 'x']);
    expect((await run.exit()).code).toBe(2);
    expect(run.stderr).toMatch(/^--locale must be one of Discord's locale codes/);
    expect(run.stderr).toContain('es-419');
  });

  it('names an unknown flag and prints the usage, with status 2', async () => {
    const run = startAsk(['--jsn', 'x']);
    expect((await run.exit()).code).toBe(2);
    expect(run.stderr).toMatch(/^Unknown flag --jsn\. Did you mean --json\?\n/);
    expect(run.stderr).toContain('Usage: npm run ask');
    expect(run.stderr).not.toContain('positional argument');
    expect(run.stdout).toBe('');
  });
});

describe('npm run --silent ask -- --json', () => {
  it('writes exactly one JSON object per question line and nothing else, even without a final newline', async () => {
    const run = startAsk(['--json']);
    run.end(
      [
        'are facebook and instagram connected',
        '',
        '   ',
        'how do ads follow me from fb to insta',
        'what movie should I watch',
        '@everyone 🙂 who owns instgram',
      ].join('\n'),
    );
    expect((await run.exit()).code).toBe(0);
    const lines = parseLines(run.stdout);
    expect(lines.map((l) => l.question)).toEqual([
      'are facebook and instagram connected',
      'how do ads follow me from fb to insta',
      'what movie should I watch',
      '@everyone 🙂 who owns instgram',
    ]);
    expect(lines.map((l) => l.answer?.id ?? null)).toEqual(['overview', 'advertising', null, 'ownership']);
    for (const line of lines) {
      // `reason` appears exactly when there is no answer.
      expect(Object.keys(line).sort()).toEqual(
        line.answer === null
          ? ['answer', 'locale', 'question', 'reason', 'related']
          : ['answer', 'locale', 'question', 'related'],
      );
      // English questions are answered in English, whoever asks.
      expect(line.locale).toBe('en-US');
      expect(line.related.length).toBeLessThanOrEqual(3);
      if (line.answer) expect(Object.keys(line.answer).sort()).toEqual(['id', 'score', 'section', 'title']);
      for (const hit of [...(line.answer ? [line.answer] : []), ...line.related]) {
        expect(hit.score).toBeGreaterThanOrEqual(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
    }
    // Logs were asked for at info level, and still none of them reached standard output.
    expect(run.stderr).toContain('knowledge and storage ready');
  });

  it('gives null with no offers for an off-topic question', async () => {
    const run = startAsk(['--json']);
    run.end('how do I change a car tyre\n');
    expect((await run.exit()).code).toBe(0);
    expect(parseLines(run.stdout)).toEqual([
      {
        question: 'how do I change a car tyre',
        locale: 'en-US',
        answer: null,
        related: [],
        reason: 'off-topic',
      },
    ]);
  });

  it('says why there is no answer, and which section answers when there is one', async () => {
    const run = startAsk(['--json']);
    run.end(
      'is tiktok owned by meta\nwaarom zie ik advertenties op facebook van dingen die ik op instagram bekeek\nhow do i stop my insta posts going to fb\n',
    );
    expect((await run.exit()).code).toBe(0);
    const [tiktok, dutch, turnOff] = parseLines(run.stdout);
    expect(tiktok).toMatchObject({ answer: null, reason: 'off-topic' });
    // Dutch is not one of the bot's languages (Spanish would be answered, in Spanish).
    expect(dutch).toMatchObject({ answer: null, reason: 'language' });
    expect(turnOff?.answer).toMatchObject({ id: 'cross-posting', section: 'turn-off' });
  });

  it('refuses a line longer than /ask accepts, as Discord would never send it, and answers the next', async () => {
    const run = startAsk(['--json', '--locale', 'de']);
    const long = `${'is facebook connected to instagram '.repeat(9)}?`;
    expect(long.length).toBeGreaterThan(300);
    run.end(`${long}\nis fb connected to ig\n`);
    expect((await run.exit()).code).toBe(0);
    const [tooLong, short] = parseLines(run.stdout);
    expect(tooLong).toEqual({ question: long, locale: 'de', answer: null, related: [], reason: 'too-long' });
    expect(short?.answer).toMatchObject({ id: 'overview' });
  });

  it('answers a question that carries terminal colour codes as it answers the plain question', async () => {
    const run = startAsk(['--json']);
    run.end('connected\n\u001b[31mconnected\u001b[0m\n');
    expect((await run.exit()).code).toBe(0);
    const [plain, coloured] = parseLines(run.stdout);
    expect(plain?.answer).not.toBeNull();
    expect(coloured?.answer).toEqual(plain?.answer);
    expect(coloured?.related).toEqual(plain?.related);
  });

  it('ends quietly with status 0 when the reader of its output goes away (`| head -1`)', async () => {
    const run = startAsk(['--json']);
    run.send('are facebook and instagram connected');
    await run.waitFor(/\n/);
    run.closeStdout();
    // Answers to these now go to a broken pipe.
    for (let i = 0; i < 20; i++) run.send('is whatsapp owned by meta');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it("passes --locale to the search as the asker's locale and reports the answer's language", async () => {
    const questions = ['are facebook and instagram connected', '¿facebook e instagram están conectados?'];
    const run = startAsk(['--json', '--locale', 'es-419']);
    run.end(`${questions.join('\n')}\n`);
    expect((await run.exit()).code).toBe(0);
    const app = await createTestApp();
    try {
      const expected = questions.map((q) => app.services.search.search(q, { locale: 'es-419' }).locale);
      expect(parseLines(run.stdout).map((l) => l.locale)).toEqual(expected);
    } finally {
      await app.close();
    }
  });

  it('writes nothing and exits 0 for empty input', async () => {
    const run = startAsk(['--json']);
    run.end();
    expect((await run.exit()).code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('answers from the community FAQ of the guild given with --guild, and from the knowledge base alone without it', async () => {
    const guildId = '100000000000000077';
    const databasePath = join(dir.path, 'faq', 'bot.sqlite');
    mkdirSync(join(dir.path, 'faq'), { recursive: true });
    const db = openDatabase(databasePath);
    const clock = { now: () => Date.now() };
    const store = new SqliteFaqStore(db, clock);
    const question = 'When does the server book club about social media meet?';
    const suggested = await store.suggest(
      guildId,
      '320000000000000001',
      { question, answer: 'Every second Sunday at 18:00 UTC in the stage channel.', sourceUrl: null },
      3,
    );
    if (!suggested.ok) throw new Error('suggestion refused');
    expect((await store.approve(guildId, suggested.entry.id, '300000000000000002')).ok).toBe(true);
    db.close();

    const inGuild = startAsk(['--json', '--guild', guildId], databasePath);
    inGuild.end(`${question}\n`);
    expect((await inGuild.exit()).code).toBe(0);
    expect(parseLines(inGuild.stdout)[0]?.answer?.id).toBe(String(suggested.entry.id));

    const withoutGuild = startAsk(['--json'], databasePath);
    withoutGuild.end(`${question}\n`);
    expect((await withoutGuild.exit()).code).toBe(0);
    expect(parseLines(withoutGuild.stdout)[0]?.answer?.id).not.toBe(String(suggested.entry.id));
  });
});
