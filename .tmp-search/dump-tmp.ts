import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parseLabelledQuestions } from '../src/search/evaluation.js';
import { createQuestionIndex } from '../src/search/question-index.js';
const idx = createQuestionIndex(await loadKnowledge(process.argv[2]!));
for (const f of process.argv.slice(3)) {
  for (const q of parseLabelledQuestions(readFileSync(f, 'utf8')).questions) {
    const r = idx.search(q.q);
    const all = [...(r.answer ? [r.answer] : []), ...r.alternatives];
    const b = all[0], s = all[1];
    const ok = q.topics.length === 0 ? 'OFF' : b && q.topics.includes(b.id) ? 'OK ' : 'BAD';
    process.stdout.write(`${ok} ${r.answer ? 'A' : '-'} ${(b?.score ?? 0).toFixed(3)} ${(s?.score ?? 0).toFixed(3)} ${b?.id ?? ''} | ${q.q}\n`);
  }
}
