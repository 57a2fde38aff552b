import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parseLabelledQuestions } from '../src/search/evaluation.js';
import { createQuestionIndex } from '../src/search/question-index.js';
const idx = createQuestionIndex(await loadKnowledge('knowledge')) as any;
const reasons: Record<string, number> = {};
for (const q of parseLabelledQuestions(readFileSync(process.argv[2]!, 'utf8')).questions) {
  if (q.topics.length === 0) continue;
  const r = idx.search(q.q);
  if (r.answer && q.topics.includes(r.answer.id)) continue;
  const query = idx.analyse(q.q, undefined);
  let why: string;
  if (r.answer) why = 'wrong answer';
  else if (!query.onSubject) why = 'not on subject';
  else if (r.alternatives.length === 0) why = 'nothing above suggest';
  else {
    const [b, s] = r.alternatives;
    const thr = query.namesApp ? 0.3 : 0.6;
    why = b.score < thr ? (query.namesApp ? 'below app threshold' : 'below no-app threshold') : 'lead too small';
    if (!q.topics.includes(b.id)) why += ' (best wrong)';
  }
  reasons[why] = (reasons[why] ?? 0) + 1;
}
console.log(reasons);
