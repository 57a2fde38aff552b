import { loadKnowledge } from '../src/knowledge/load.js';
import { createQuestionIndex } from '../src/search/question-index.js';
const kb = await loadKnowledge(process.argv[2]!);
const idx = createQuestionIndex(kb);
for (const q of process.argv.slice(3)) {
  const r = idx.search(q);
  process.stdout.write(`${q} => ${r.answer ? `${r.answer.id} ${r.answer.score}` : 'null'} | ${r.alternatives.map((a) => `${a.id} ${a.score}`).join(', ')}\n`);
}
