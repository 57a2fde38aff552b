/** Temporary copies of the small fixture knowledge base, for breaking one file at a time. */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import YAML from 'yaml';

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

/** Front-matter keys a translation leaves to the English file. */
const ENGLISH_ONLY: Readonly<Record<string, readonly string[]>> = {
  topics: ['related', 'pinned', 'broad'],
  'privacy-tips': ['topic', 'tags'],
  'out-of-scope': [],
};

/**
 * A copy of the small knowledge base with a faithful "translation" into `locale`: the English
 * files without their English-only keys (the text itself stays English, which is structurally
 * a perfect translation), plus a language.yaml. Tests then break one thing at a time.
 */
export function copyKnowledgeWithTranslation(
  locale = 'es-ES',
  languageYaml = 'stopwords: [el, la, de]\nsynonyms: { insta: instagram }\nmarkers: [que, como]\n',
): TempKnowledge {
  const k = copyKnowledge();
  for (const folder of Object.keys(ENGLISH_ONLY)) {
    mkdirSync(join(k.dir, 'locales', locale, folder), { recursive: true });
    for (const name of readdirSync(join(k.dir, folder))) {
      const { data, content } = matter(k.read(`${folder}/${name}`), {
        engines: { yaml: (s: string) => YAML.parse(s) as object },
      });
      for (const key of ENGLISH_ONLY[folder]!) delete data[key];
      k.write(`locales/${locale}/${folder}/${name}`, `---\n${YAML.stringify(data)}---\n${content}`);
    }
  }
  k.write(`locales/${locale}/language.yaml`, languageYaml);
  return k;
}
