import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parseLabelledQuestions } from '../src/search/evaluation.js';
import { createQuestionIndex } from '../src/search/question-index.js';
const idx = createQuestionIndex(await loadKnowledge('knowledge')) as any;
const byTopic: Record<string, [number, number]> = {};
const byLen: Record<string, [number, number]> = {};
let unknownShare = 0, n = 0;
for (const q of parseLabelledQuestions(readFileSync(process.argv[2]!, 'utf8')).questions) {
  if (q.topics.length === 0) continue;
  const r = idx.search(q.q);
  const ok = r.answer && q.topics.includes(r.answer.id) ? 1 : 0;
  const t = q.topics[0]!; byTopic[t] ??= [0, 0]; byTopic[t][0] += ok; byTopic[t][1]++;
  const len = q.q.split(/\s+/).length; const b = len <= 3 ? '1-3' : len <= 7 ? '4-7' : len <= 15 ? '8-15' : '16+';
  byLen[b] ??= [0, 0]; byLen[b][0] += ok; byLen[b][1]++;
  const query = idx.analyse(q.q, undefined);
  const unk = query.terms.filter((x: string) => !x.includes(' ') && !idx.isKnownTerm(x, undefined)).length;
  if (!ok) { unknownShare += unk; n++; }
}
console.log(byTopic, byLen, 'avg unknown terms in misses', unknownShare / n);
