import { describe, expect, it } from 'vitest';
import { describeModalField, renderReply } from '../../src/console/render.js';
import {
  editModal,
  entryReply,
  listPage,
  outcomeForAuthor,
  rejectModal,
  resolvedCard,
  reviewCard,
  reviewEditModal,
  sourceButton,
  suggestModal,
} from '../../src/faq/faq-replies.js';
import type { FaqEntry } from '../../src/faq/faq-store.js';
import { FAQ_LIMITS, parseFaqContent } from '../../src/faq/validation.js';
import { LOCALES } from '../../src/i18n/locales.js';
import { translator } from '../../src/i18n/messages.js';
import { fitReply } from '../../src/replies/fit.js';

const en = translator('en-US');

/** The largest entry validation lets through: maximum lengths, every character a mention to neutralise. */
function largestEntry(): FaqEntry {
  const content = parseFaqContent({
    question: '@here'.repeat(FAQ_LIMITS.questionMax / 5),
    answer: '@everyone '.repeat(FAQ_LIMITS.answerMax / 10).trim(),
    source: `https://example.com/${'p'.repeat(FAQ_LIMITS.sourceMax - 20)}`,
  });
  return {
    id: 123456,
    guildId: '100000000000000001',
    status: 'rejected',
    authorId: '300000000000000001',
    ...content,
    createdAt: 0,
    updatedAt: 0,
    resolvedBy: '300000000000000002',
    resolvedAt: 0,
    reason: 'r'.repeat(FAQ_LIMITS.reasonMax),
  };
}

describe('FAQ replies for the largest valid entry', () => {
  const entry = largestEntry();

  // In every language: a translation may be longer than the English it replaces.
  it.each(
    LOCALES.flatMap((locale) => {
      const tr = translator(locale);
      return [
        [`the review card (${locale})`, reviewCard({ ...entry, status: 'pending' }, tr, 99)],
        [`the resolved card (${locale})`, resolvedCard(entry, tr, tr('faq.queueNote', { count: 3 }))],
        [
          `the answer with a mention (${locale})`,
          entryReply({ ...entry, status: 'approved' }, tr, '300000000000000042'),
        ],
        [
          `a full list page (${locale})`,
          listPage(
            Array.from({ length: 10 }, () => entry),
            4,
            1000,
            tr,
          ),
        ],
      ] as const;
    }),
  )('%s fits Discord limits without cutting anything', (_name, reply) => {
    expect(fitReply(reply)).toEqual(reply);
  });

  it('shows moderators the whole answer on the review card', () => {
    const card = reviewCard({ ...entry, status: 'pending' }, en);
    expect(card.embeds?.[0]?.description).toContain(entry.answer);
  });

  it("pre-fills an edit form whose values stay within the form's own maximum lengths", () => {
    for (const field of editModal({ ...entry, status: 'approved' }, en).fields) {
      expect(field.value?.length ?? 0).toBeLessThanOrEqual(field.maxLength ?? Number.POSITIVE_INFINITY);
    }
  });
});

describe('FAQ sources', () => {
  const entry = { ...largestEntry(), status: 'approved' as const };

  it('posts the source of an answer as a link button named by its host, not as embed text', () => {
    const reply = entryReply({ ...entry, sourceUrl: 'https://help.instagram.com/1234' }, en);
    expect(reply.buttons).toEqual([
      [{ url: 'https://help.instagram.com/1234', label: 'Source: help.instagram.com' }],
    ]);
    expect(reply.embeds?.[0]?.fields ?? []).toEqual([]);
  });

  it('never lets a stored source with Markdown pose as another link', () => {
    const masked = 'https://help.instagram.com/[click here](https://evil.example/x)';
    const button = sourceButton(masked, en);
    expect(button?.label).toBe('Source: help.instagram.com');
    expect(button?.url).not.toContain(' ');
    const card = reviewCard({ ...entry, status: 'pending', sourceUrl: masked }, en);
    const text = JSON.stringify(card.embeds);
    expect(text).not.toContain('](');
    expect(text).not.toContain('evil.example');
  });

  it('shows no source for a missing or non-https link', () => {
    expect(sourceButton(null, en)).toBeNull();
    expect(sourceButton('http://help.instagram.com/', en)).toBeNull();
    expect(sourceButton('not a link', en)).toBeNull();
    expect(entryReply({ ...entry, sourceUrl: null }, en).buttons).toBeUndefined();
  });
});

describe('links in FAQ entries', () => {
  const entry = { ...largestEntry(), sourceUrl: null };
  const misleading = '[https://help.instagram.com/](https://example.net/x)';
  const answer = `Read ${misleading} and https://help.instagram.com/a for the details.`;

  it('shows moderators the host every link in the entry opens, on the review and resolved cards', () => {
    for (const card of [
      reviewCard({ ...entry, status: 'pending', answer }, en),
      resolvedCard({ ...entry, status: 'approved', answer }, en),
    ]) {
      expect(card.embeds?.[0]?.fields).toContainEqual({
        name: 'Links open',
        value: '`example.net`, `help.instagram.com`',
      });
    }
    expect(
      reviewCard({ ...entry, status: 'pending' }, en).embeds?.[0]?.fields?.map((f) => f.name),
    ).not.toContain('Links open');
  });

  it('publishes a misleading link stored before such links were refused as the address it opens', () => {
    const description = entryReply({ ...entry, status: 'approved', answer }, en).embeds?.[0]?.description;
    expect(description).toBe(
      'Read <https://example.net/x> and https://help.instagram.com/a for the details.',
    );
  });

  it('shows no source button for an invite stored before links were judged as published', () => {
    for (const stored of ['https://discord%2Egg/abc', 'https://discord.gg:443/abc', 'https://dsc.gg/abc']) {
      expect(sourceButton(stored, en)).toBeNull();
    }
  });

  it('limits a pre-filled form by characters as Discord counts them, an emoji as one', () => {
    const question = '😀'.repeat(FAQ_LIMITS.questionMax);
    const field = editModal({ ...entry, status: 'approved', question }, en).fields[0];
    expect(field?.maxLength).toBe(FAQ_LIMITS.questionMax);
  });
});

describe("the author's outcome message", () => {
  const entry = { ...largestEntry(), status: 'approved' as const };

  it('names the server when its name is known, and says "the server" otherwise', () => {
    expect(outcomeForAuthor(entry, en, 'Meta Help Club').content).toContain('in Meta Help Club now answer');
    expect(outcomeForAuthor(entry, en).content).toContain('in the server now answer');
    expect(outcomeForAuthor(entry, en, null).content).toContain('in the server now answer');
  });
});

describe('what moderators read', () => {
  const entry: FaqEntry = {
    ...largestEntry(),
    question: 'How do I download a copy of my Threads posts?',
    answer: 'Open Threads, go to Settings > Account > Download your information.',
    sourceUrl: 'https://help.instagram.com/',
  };

  it.each([
    ['the review card', reviewCard({ ...entry, status: 'pending' }, en, 2)],
    ['the resolved card', resolvedCard({ ...entry, status: 'approved' }, en)],
  ])(
    '%s shows the question before the answer, in the order Discord and the console draw it',
    (_name, card) => {
      const shown = renderReply(card).text;
      expect(shown.indexOf(entry.question)).toBeGreaterThan(-1);
      expect(shown.indexOf(entry.question)).toBeLessThan(shown.indexOf(entry.answer));
    },
  );

  it.each([
    ['the suggestion form', suggestModal(en)],
    ['the edit form', editModal({ ...entry, status: 'approved' }, en)],
    ['the edit-and-approve form', reviewEditModal({ ...entry, status: 'pending' }, en, 'en-US')],
    ['the reject form', rejectModal(entry.id, en, 'en-US')],
  ])('%s says "optional" once per optional field, as the form shows it', (_name, modal) => {
    // Discord marks required fields itself, and the console says "optional" for the others.
    for (const field of modal.fields) {
      const shown = describeModalField(field);
      expect(shown.match(/optional/gi)?.length ?? 0, shown).toBe(field.required ? 0 : 1);
    }
  });
});
