/** Temporary copies of the small fixture knowledge base, for breaking one file at a time. */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SMALL_KNOWLEDGE_DIR = fileURLToPath(new URL('../fixtures/knowledge-small', import.meta.url));

export interface TempKnowledge {
  readonly dir: string;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Replaces the first occurrence of `from` in the file; fails loudly if it is not there. */
  edit(file: string, from: string, to: string): void;
  remove(file: string): void;
  dispose(): void;
}

export function copyKnowledge(source = SMALL_KNOWLEDGE_DIR): TempKnowledge {
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  cpSync(source, dir, { recursive: true });
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  return {
    dir,
    read,
    write,
    edit(file, from, to) {
      const text = read(file);
      if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
      write(file, text.replace(from, to));
    },
    remove: (file) => unlinkSync(join(dir, file)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
