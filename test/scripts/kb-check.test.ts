import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { copyKnowledge, SMALL_KNOWLEDGE_DIR, type TempKnowledge } from '../knowledge/knowledge-dir.js';
import { runScript } from './run-script.js';

let temp: TempKnowledge | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

describe('npm run kb:check', () => {
  it("passes on the project's knowledge base and says how much it checked", () => {
    const run = runScript('scripts/kb-check.ts', []);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^knowledge ok: \d+ topics, \d+ tips, in en-US, es-ES, pt-BR, fr, de, id, hi\n$/,
    );
    expect(run.status).toBe(0);
  });

  it('ends quietly, with the status of the check, when the reader of its output has gone away', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/kb-check.ts'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Our end closed before the check writes a word: its one line meets a broken pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    try {
      const status = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still running; stderr:\n${stderr}`)), 15_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      expect(stderr).toBe('');
      expect(status).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('passes on a valid directory given as an argument', () => {
    const run = runScript('scripts/kb-check.ts', [SMALL_KNOWLEDGE_DIR]);
    expect(run.stdout).toBe('knowledge ok: 15 topics, 2 tips, in en-US\n');
    expect(run.status).toBe(0);
  });

  it('fails with one line per problem naming file, field and what is wrong', () => {
    temp = copyKnowledge();
    temp.edit('topics/privacy.md', 'reviewed: 2026-11-01', 'reviewed: 2026-02-30');
    temp.edit('topics/shopping.md', 'related: [advertising, overview]', 'related: [ads]');
    const run = runScript('scripts/kb-check.ts', [temp.dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2 problems');
    expect(run.stderr).toContain('topics/privacy.md: field "reviewed" is not a real calendar date');
    expect(run.stderr).toContain('topics/shopping.md: field "related" names "ads", which is not a topic id');
  });

  it('fails on a tip too long for Discord', () => {
    temp = copyKnowledge();
    temp.write(
      'privacy-tips/two-factor.md',
      `${temp.read('privacy-tips/two-factor.md')}${'y'.repeat(1_001)}\n`,
    );
    const run = runScript('scripts/kb-check.ts', [temp.dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'privacy-tips/two-factor.md: field "body" must be at most 1000 characters (it has',
    );
  });

  it('names the folder it looked in when there is no knowledge folder, as one problem', () => {
    const run = runScript('scripts/kb-check.ts', ['/nonexistent']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'knowledge check failed in /nonexistent: 1 problem\nknowledge folder /nonexistent does not exist\n',
    );
  });
});
