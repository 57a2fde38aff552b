import { afterEach, describe, expect, it } from 'vitest';
import type { KnowledgeProblem } from '../../src/knowledge/files.js';
import { checkKnowledge, loadLibrary } from '../../src/knowledge/load.js';
import { digitRuns } from '../../src/knowledge/translations.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.js';
import { copyKnowledgeWithTranslation, type TempKnowledge } from './knowledge-dir.js';

let temp: TempKnowledge | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

function withTranslation(locale = 'es-ES'): TempKnowledge {
  temp = copyKnowledgeWithTranslation(locale);
  return temp;
}

async function problemsOf(k: TempKnowledge): Promise<readonly KnowledgeProblem[]> {
  const { problems, library } = await checkKnowledge(k.dir);
  expect(library).toBeNull();
  return problems;
}

describe('translations', () => {
  it('load into the library: translated text under the English ids, English-only fields from English', async () => {
    const k = withTranslation();
    k.edit('locales/es-ES/topics/ownership.md', 'Who owns Instagram?', '¿Quién es dueño de Instagram?');
    k.edit(
      'locales/es-ES/topics/ownership.md',
      'heading: Ownership in short',
      'heading: La propiedad en breve',
    );
    k.edit('locales/es-ES/topics/ownership.md', '## Ownership in short', '## La propiedad en breve');
    const library = await loadLibrary(k.dir);
    expect(library.locales).toEqual(['en-US', 'es-ES']);
    const spanish = library.in('es-ES');
    expect(spanish.locale).toBe('es-ES');
    expect(spanish.topic('ownership')?.title).toBe('¿Quién es dueño de Instagram?');
    expect(spanish.section('ownership', 'in-short')?.heading).toBe('La propiedad en breve');
    expect(spanish.topic('ownership')?.related).toEqual(library.english.topic('ownership')?.related);
    expect(spanish.tip('two-factor')?.topic).toBe('privacy');
    expect(spanish.words?.synonyms).toEqual({ insta: 'instagram' });
    expect(library.in('de')).toBe(library.english);
  });

  it('report a missing file and a file with no English original', async () => {
    const k = withTranslation();
    k.remove('locales/es-ES/topics/future.md');
    k.write('locales/es-ES/topics/metaverse.md', k.read('locales/es-ES/topics/overview.md'));
    const problems = await problemsOf(k);
    expect(problems).toContainEqual({
      file: 'locales/es-ES/topics/future.md',
      field: '',
      message: 'is missing: every English file needs a translation',
    });
    expect(problems.map((p) => p.file)).toContain('locales/es-ES/topics/metaverse.md');
  });

  it('report sections that differ from English in order', async () => {
    const k = withTranslation();
    const file = 'locales/es-ES/topics/ownership.md';
    k.edit(file, 'id: in-short', 'id: short');
    const problems = await problemsOf(k);
    expect(problems).toContainEqual({
      file,
      field: 'sections',
      message:
        'must be the English sections in the same order: in-short, where-to-look (it has short, where-to-look)',
    });
  });

  it('report a number that differs from English, naming what is missing and what is extra', async () => {
    const k = withTranslation();
    const file = 'locales/es-ES/topics/ownership.md';
    const text = k.read(file).replace('April 2012', 'abril de 2013');
    k.write(file, text);
    const problems = await problemsOf(k);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file,
        field: 'body',
        message: expect.stringMatching(/^lead: numbers differ from English \(missing 2012; extra 2013\)/),
      }),
    );
  });

  it('report changed source URLs and a review date older than English', async () => {
    const k = withTranslation();
    const file = 'locales/es-ES/topics/ownership.md';
    k.edit(file, 'https://www.facebook.com/help/accountscenter', 'https://example.com/');
    k.edit(file, 'reviewed: 2026-11-01', 'reviewed: 2026-10-01');
    const problems = await problemsOf(k);
    expect(problems.filter((p) => p.file === file).map((p) => p.field)).toEqual(['sources', 'reviewed']);
    expect(problems.find((p) => p.field === 'reviewed')?.message).toContain(
      "older than the English file's 2026-11-01",
    );
  });

  it('report a folder that is not a supported Discord locale code', async () => {
    const k = withTranslation('pt-br');
    const problems = await problemsOf(k);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'locales/pt-br/', message: expect.stringContaining('pt-BR') }),
    ]);
  });

  it('report a missing language.yaml', async () => {
    const k = withTranslation();
    k.remove('locales/es-ES/language.yaml');
    expect(await problemsOf(k)).toEqual([
      expect.objectContaining({
        file: 'locales/es-ES/language.yaml',
        message: expect.stringContaining('is missing'),
      }),
    ]);
  });
});

describe('digitRuns', () => {
  it('compares digits whatever the separators: 21.8 / 21,8 and 1,000 / 1.000 / 1 000 agree', () => {
    expect(digitRuns('$21.8 billion in 2014')).toEqual(digitRuns('2014: 21,8 mil millones'));
    expect(digitRuns('1,000')).toEqual(digitRuns('1 000'));
    expect(digitRuns('१९ फ़रवरी')).toEqual([]);
  });
});

describe("the project's knowledge base", () => {
  it('has a complete, faithful translation in every locale the bot speaks', async () => {
    const library = await loadLibrary(DEFAULT_KNOWLEDGE_DIR);
    expect(library.locales).toEqual(['en-US', 'es-ES', 'pt-BR', 'fr', 'de', 'id', 'hi']);
  });
});
