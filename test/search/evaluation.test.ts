import { describe, expect, it } from 'vitest';
import { evaluate, parseLabelledQuestions, rate } from '../../src/search/evaluation.js';
import type { SearchHit, SearchResult } from '../../src/search/types.js';

const hit = (id: string): SearchHit => ({ kind: 'topic', id, title: id, score: 0.5 });

describe('parseLabelledQuestions', () => {
  it('reads JSON lines, skips blank ones and reports malformed lines by number', () => {
    const text = [
      '{"q": "are fb and ig connected", "topics": ["overview"]}',
      '',
      'not json',
      '{"q": "hello", "topics": []}',
      '{"question": "wrong key", "topics": []}',
      '{"q": "x", "topics": "overview"}',
    ].join('\n');
    const { questions, problems } = parseLabelledQuestions(text);
    expect(questions.map((q) => [q.line, q.q, q.topics])).toEqual([
      [1, 'are fb and ig connected', ['overview']],
      [4, 'hello', []],
    ]);
    expect(problems.map((p) => p.line)).toEqual([3, 5, 6]);
    expect(problems[0]?.message).toBe('is not valid JSON');
  });
});

describe('evaluate', () => {
  const answers: Record<string, SearchResult> = {
    right: { locale: 'en-US', answer: hit('a'), alternatives: [hit('b')] },
    wrong: { locale: 'en-US', answer: hit('b'), alternatives: [hit('c'), hit('a')] },
    'wrong, correct fourth': {
      locale: 'en-US',
      answer: hit('b'),
      alternatives: [hit('c'), hit('d'), hit('a')],
    },
    refused: { locale: 'en-US', answer: null, alternatives: [hit('a')] },
    'off refused': { locale: 'en-US', answer: null, alternatives: [] },
    'off answered': { locale: 'en-US', answer: hit('a'), alternatives: [] },
  };
  const questions = parseLabelledQuestions(
    [
      '{"q": "right", "topics": ["a"]}',
      '{"q": "wrong", "topics": ["a"]}',
      '{"q": "wrong, correct fourth", "topics": ["a"]}',
      '{"q": "refused", "topics": ["a", "z"]}',
      '{"q": "off refused", "topics": []}',
      '{"q": "off answered", "topics": []}',
    ].join('\n'),
  ).questions;

  it('counts top-1 only for a confident correct answer, top-3 among the first three offered', () => {
    const { metrics, misses } = evaluate(questions, (q) => answers[q]!);
    expect(metrics.top1).toEqual({ hits: 1, n: 4 });
    expect(metrics.top3).toEqual({ hits: 3, n: 4 });
    expect(metrics.offTopicRefused).toEqual({ hits: 1, n: 2 });
    expect(metrics.wrongRefusal).toEqual({ hits: 1, n: 4 });
    expect(misses.map((m) => m.question.q)).toEqual([
      'wrong',
      'wrong, correct fourth',
      'refused',
      'off answered',
    ]);
  });

  it('reports no rate for an empty group rather than dividing by zero', () => {
    expect(rate({ hits: 0, n: 0 })).toBeNaN();
    expect(rate({ hits: 3, n: 4 })).toBe(0.75);
  });

  it('counts the right section only among right topics whose label names sections', () => {
    const shown = (id: string, section: string | null): SearchResult => ({
      locale: 'en-US',
      answer: { ...hit(id), section },
      alternatives: [],
    });
    const results: Record<string, SearchResult> = {
      'section named': shown('a', 's1'),
      'other section': shown('a', 's2'),
      'lead named': shown('a', null),
      'lead not named': shown('a', null),
      'wrong topic': shown('b', 's1'),
      unlabelled: shown('a', 's2'),
    };
    const labelled = parseLabelledQuestions(
      [
        '{"q": "section named", "topics": ["a"], "sections": ["a#s1"]}',
        '{"q": "other section", "topics": ["a"], "sections": ["a#s1"]}',
        '{"q": "lead named", "topics": ["a"], "sections": ["a", "a#s3"]}',
        '{"q": "lead not named", "topics": ["a"], "sections": ["a#s1"]}',
        '{"q": "wrong topic", "topics": ["a"], "sections": ["a#s1"]}',
        '{"q": "unlabelled", "topics": ["a"]}',
      ].join('\n'),
    );
    expect(labelled.problems).toEqual([]);
    const { metrics, sectionMisses } = evaluate(labelled.questions, (q) => results[q]!);
    expect(metrics.rightSection).toEqual({ hits: 2, n: 4 });
    expect(sectionMisses.map((m) => m.question.q)).toEqual(['other section', 'lead not named']);
    expect(parseLabelledQuestions('{"q": "x", "topics": ["a"], "sections": []}').problems).toHaveLength(1);
  });
});
