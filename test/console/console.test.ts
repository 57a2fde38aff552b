import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChildRun, CONSOLE_SCRIPT, childRuns } from './child-process.js';

const children = childRuns(CONSOLE_SCRIPT, 'console');
const { dir } = children;
const startConsole = (args: string[] = [], env: Record<string, string> = {}): ChildRun =>
  children.start(args, env);

const PROMPT = /\n> /;
const READY = /Type \/help for the commands[\s\S]*?\n> /;

describe('npm run console', () => {
  it('answers /connected with the yes answer and numbered buttons', async () => {
    const run = startConsole();
    await run.waitFor(READY);
    run.send('/connected');
    const output = await run.waitFor(PROMPT);
    expect(output).toContain('== Are Facebook and Instagram connected? ==');
    expect(output).toMatch(/\bYes\b/);
    expect(output).toMatch(/\[1\] \S/);
    run.send('/quit');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
  });

  it('answers a related topic when its button number is typed', async () => {
    const run = startConsole();
    await run.waitFor(READY);
    run.send('/connected');
    const answer = await run.waitFor(PROMPT);
    const number = /\[(\d+)\] Advertising\n/.exec(answer)?.[1];
    expect(number).toBeDefined();
    run.send(number ?? '');
    const picked = await run.waitFor(PROMPT);
    expect(picked).toContain('== Why do my Facebook activity and Instagram ads seem connected? ==');
    run.send('/quit');
    expect((await run.exit()).code).toBe(0);
  });

  it('runs /ask with the rest of the line as the question and /connected with name:value options', async () => {
    // Two questions in a row would otherwise meet the /ask cooldown.
    const run = startConsole([], { ASK_COOLDOWN_SECONDS: '0' });
    await run.waitFor(READY);
    run.send('/ask how do ads follow me from fb to insta');
    expect(await run.waitFor(PROMPT)).toContain(
      'Why do my Facebook activity and Instagram ads seem connected?',
    );
    run.send('/connected aspect:shared-login');
    expect(await run.waitFor(PROMPT)).toContain(
      '== Can I use one login for Facebook and Instagram? (Accounts Center) ==',
    );
    run.send('/ask what movie should I watch');
    const refusal = await run.waitFor(PROMPT);
    expect(refusal).toContain('(only you see this)');
    expect(refusal).toContain("I don't know that one.");
    run.end();
    expect((await run.exit()).code).toBe(0);
  });

  it('explains bad lines and keeps going', async () => {
    const run = startConsole();
    await run.waitFor(READY);
    run.send('/nonsense');
    expect(await run.waitFor(PROMPT)).toContain('Unknown command "/nonsense". Type /help');
    run.send('hello there');
    expect(await run.waitFor(PROMPT)).toContain('Commands start with "/"');
    run.send('/ask');
    expect(await run.waitFor(PROMPT)).toContain('Missing the required option "question"');
    run.send('7');
    expect(await run.waitFor(PROMPT)).toContain('There are no buttons to pick right now.');
    run.send('/topics');
    expect(await run.waitFor(PROMPT)).toContain('== What I can explain ==');
    run.send('/quit');
    expect((await run.exit()).code).toBe(0);
  });

  it('fills in a form one field at a time, and a moderator on the same --db sees the result', async () => {
    mkdirSync(join(dir.path, 'shared-db'));
    const database = join(dir.path, 'shared-db', 'bot.sqlite');
    const member = startConsole(['--db', database, '--guild', '100000000000000055']);
    await member.waitFor(READY);
    member.send('/faq suggest');
    await member.waitFor(/Question> /);
    member.send('Do linked accounts share one password?');
    await member.waitFor(/Answer> /);
    member.send(
      'They can: accounts in the same Accounts Center can share one password and security settings.',
    );
    await member.waitFor(/> /);
    member.send('');
    expect(await member.waitFor(PROMPT)).toMatch(/suggestion #\d+/i);
    member.send('/quit');
    expect((await member.exit()).code).toBe(0);

    const moderator = startConsole(['--db', database, '--guild', '100000000000000055', '--as', 'moderator']);
    await moderator.waitFor(/You are a moderator[^\n]*\n> /);
    moderator.send('/faq review');
    expect(await moderator.waitFor(PROMPT)).toContain('Do linked accounts share one password?');
    moderator.send('/quit');
    expect((await moderator.exit()).code).toBe(0);
  });

  it('keeps log lines out of the conversation: to console.log beside the database unless LOG_LEVEL is set', async () => {
    const folder = join(dir.path, 'logs-to-file');
    const run = startConsole([], { DATABASE_PATH: join(folder, 'bot.sqlite') });
    expect(await run.waitFor(READY)).toContain(`Logs go to ${join(folder, 'console.log')}`);
    run.send('/quit');
    expect((await run.exit()).code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/^\{"level"/m);
    expect(readFileSync(join(folder, 'console.log'), 'utf8')).toMatch(/"msg":"knowledge and storage ready"/);

    const folderWithLevel = join(dir.path, 'logs-to-stderr');
    const verbose = startConsole([], {
      DATABASE_PATH: join(folderWithLevel, 'bot.sqlite'),
      LOG_LEVEL: 'info',
    });
    await verbose.waitFor(READY);
    verbose.send('/quit');
    expect((await verbose.exit()).code).toBe(0);
    expect(verbose.stderr).toMatch(/"msg":"knowledge and storage ready"/);
    expect(existsSync(join(folderWithLevel, 'console.log'))).toBe(false);
  });

  it('leaves cleanly with status 0 on SIGINT', async () => {
    const run = startConsole();
    await run.waitFor(READY);
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('Bye.');
  });

  it('leaves cleanly with status 0 when the reader of its output goes away', async () => {
    const run = startConsole();
    await run.waitFor(READY);
    run.closeStdout();
    // Its answer goes to a broken pipe.
    run.send('/connected');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('stops with a clear message and status 1 when a knowledge file is broken', async () => {
    const knowledge = join(dir.path, 'broken-knowledge');
    mkdirSync(join(knowledge, 'topics'), { recursive: true });
    mkdirSync(join(knowledge, 'privacy-tips'), { recursive: true });
    writeFileSync(join(knowledge, 'topics', 'overview.md'), '---\nid: overview\n---\nNo title here.\n');
    const run = startConsole([], { KNOWLEDGE_DIR: knowledge });
    const exit = await run.exit();
    expect(exit.code).toBe(1);
    expect(run.stderr).toContain('topics/overview.md');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });

  it('stops with a message naming the variable when the environment is invalid', async () => {
    const run = startConsole([], { ASK_COOLDOWN_SECONDS: 'soon' });
    expect((await run.exit()).code).toBe(1);
    expect(run.stderr).toContain('ASK_COOLDOWN_SECONDS');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects a bad flag value with the usage, with status 2', async () => {
    const run = startConsole(['--as', 'admin']);
    expect((await run.exit()).code).toBe(2);
    expect(run.stderr).toContain('--as must be "member" or "moderator"');
    expect(run.stderr).toContain('Usage: npm run console');
  });

  it('names an unknown flag instead of printing the parser message', async () => {
    const run = startConsole(['--gild', '100000000000000001']);
    expect((await run.exit()).code).toBe(2);
    expect(run.stderr).toMatch(/^Unknown flag --gild\. Did you mean --guild\?\n/);
    expect(run.stderr).toContain('Usage: npm run console');
  });

  it('creates a new --db file, but refuses a folder that does not exist and creates nothing', async () => {
    const missing = join(dir.path, 'no-such-folder', 'deeper');
    const refused = startConsole(['--db', join(missing, 'x.sqlite')]);
    expect((await refused.exit()).code).toBe(2);
    expect(refused.stderr).toContain(`--db: the folder ${missing} does not exist`);
    expect(refused.stdout).toBe('');
    expect(existsSync(join(dir.path, 'no-such-folder'))).toBe(false);

    mkdirSync(join(dir.path, 'new-db'));
    const created = startConsole(['--db', join(dir.path, 'new-db', 'x.sqlite')]);
    await created.waitFor(READY);
    created.send('/quit');
    expect((await created.exit()).code).toBe(0);
    expect(existsSync(join(dir.path, 'new-db', 'x.sqlite'))).toBe(true);
  });
});
