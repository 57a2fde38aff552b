import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { SMALL_KNOWLEDGE_DIR } from '../knowledge/knowledge-dir.js';
import { runScript } from './run-script.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function questionFile(lines: readonly string[]): string {
  dir = mkdtempSync(join(tmpdir(), 'eval-'));
  const file = join(dir, 'questions.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('npm run eval', () => {
  it('prints top-1, top-3 and refusal rates for our engine and both baselines', () => {
    const file = questionFile([
      '{"q": "did fb buy insta", "topics": ["ownership"]}',
      '{"q": "privasy", "topics": ["privacy"]}',
      '{"q": "what movie should i watch", "topics": []}',
    ]);
    const run = runScript('scripts/eval.ts', ['--knowledge', SMALL_KNOWLEDGE_DIR, file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('questions.jsonl: 2 on-topic, 1 off-topic questions');
    expect(run.stdout).toMatch(/top-1 +top-3 +off-topic refused +on-topic wrongly refused +confident-wrong/);
    expect(run.stdout).toMatch(
      /^ours +100\.0% \(2\/2\) +100\.0% \(2\/2\) +100\.0% \(1\/1\) +0\.0% \(0\/2\) +0\.0% \(0\/2\)$/m,
    );
    expect(run.stdout).toMatch(/^fuse\.js defaults +\d/m);
    expect(run.stdout).toMatch(/^MiniSearch BM25 +\d/m);
  });

  it('ends quietly with status 0 when the reader of its output has gone away (| head -1)', async () => {
    const file = questionFile(['{"q": "did fb buy insta", "topics": ["ownership"]}']);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval.ts', '--knowledge', SMALL_KNOWLEDGE_DIR, file],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Our end closed before the first table line: every line it writes meets a broken pipe.
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

  it('reports malformed lines with their line number and exits 1', () => {
    const file = questionFile(['{"q": "did fb buy insta", "topics": ["ownership"]}', '{"q": 5}', 'nonsense']);
    const run = runScript('scripts/eval.ts', ['--knowledge', SMALL_KNOWLEDGE_DIR, file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('questions.jsonl:2: expected {"q": string, "topics": [id, ...]}');
    expect(run.stderr).toContain('questions.jsonl:3: is not valid JSON');
    expect(run.stdout).toMatch(/^ours +100\.0% \(1\/1\)/m);
  });
});
