/**
 * Every locale's catalogue says everything English says, and nothing else: the same message keys,
 * each plural message in exactly the plural forms its language has (Intl.PluralRules' categories,
 * from CLDR), and the same `{{placeholders}}`. This is the check that tells a translator what is
 * missing: the failure lists the keys.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../src/i18n/locales.js';
import { type Catalogue, catalogueFile, readCatalogue } from '../../src/i18n/messages.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every string of a catalogue by its dotted key, plural forms as they are. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

interface Message {
  /** The plural forms the catalogue has ('' for a message that is not plural). */
  readonly forms: Set<string>;
  /** Placeholders used in any form. */
  readonly placeholders: Set<string>;
}

/** Messages by base key (plural forms folded together), with their forms and placeholders. */
function messages(catalogue: Catalogue): Map<string, Message> {
  const out = new Map<string, Message>();
  for (const [key, text] of flatten(catalogue)) {
    const plural = PLURAL.exec(key);
    const base = plural ? key.slice(0, plural.index) : key;
    const message = out.get(base) ?? { forms: new Set<string>(), placeholders: new Set<string>() };
    message.forms.add(plural?.[1] ?? '');
    for (const [, name] of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) if (name) message.placeholders.add(name);
    out.set(base, message);
  }
  return out;
}

const english = messages(readCatalogue(DEFAULT_LOCALE));
const sorted = (set: Iterable<string>) => [...set].sort();
const translations = LOCALES.filter((l) => l !== DEFAULT_LOCALE);

describe('message catalogues', () => {
  it('has a catalogue file for every locale the bot speaks', () => {
    for (const locale of LOCALES) expect(existsSync(catalogueFile(locale)), locale).toBe(true);
  });

  it.each(translations)('%s has exactly the messages English has', (locale) => {
    const translated = messages(readCatalogue(locale));
    expect({ missing: sorted([...english.keys()].filter((k) => !translated.has(k))) }).toEqual({
      missing: [],
    });
    expect({ extra: sorted([...translated.keys()].filter((k) => !english.has(k))) }).toEqual({ extra: [] });
  });

  it.each(translations)('%s keeps every placeholder English has, under the same names', (locale: Locale) => {
    const translated = messages(readCatalogue(locale));
    const wrong = [...english]
      .filter(([key, m]) => {
        const t = translated.get(key);
        return t !== undefined && sorted(t.placeholders).join() !== sorted(m.placeholders).join();
      })
      .map(
        ([key, m]) =>
          `${key}: ${sorted(m.placeholders).join(', ')} -> ${sorted(translated.get(key)?.placeholders ?? []).join(', ')}`,
      );
    expect(wrong).toEqual([]);
  });

  it.each(translations)("%s writes each plural message in exactly its language's plural forms", (locale) => {
    const translated = messages(readCatalogue(locale));
    const categories = sorted(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
    const wrong = [...english]
      .filter(([, m]) => !m.forms.has(''))
      .filter(([key]) => sorted(translated.get(key)?.forms ?? []).join() !== categories.join())
      .map(
        ([key]) =>
          `${key}: ${sorted(translated.get(key)?.forms ?? []).join(', ')} (needs ${categories.join(', ')})`,
      );
    expect(wrong).toEqual([]);
    // And a message that is not plural in English is not plural here either.
    const madePlural = [...english].filter(
      ([key, m]) => m.forms.has('') && !translated.get(key)?.forms.has(''),
    );
    expect(madePlural.map(([key]) => key)).toEqual([]);
  });

  it('English writes each plural message in its own forms, one and other', () => {
    const wrong = [...english].filter(([, m]) => !m.forms.has('') && sorted(m.forms).join() !== 'one,other');
    expect(wrong.map(([key]) => key)).toEqual([]);
  });
});
