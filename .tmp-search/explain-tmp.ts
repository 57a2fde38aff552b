import { loadKnowledge } from '../src/knowledge/load.js';
import { createQuestionIndex } from '../src/search/question-index.js';
const idx = createQuestionIndex(await loadKnowledge('knowledge')) as any;
for (const q of process.argv.slice(2)) {
  const query = idx.analyse(q, undefined);
  process.stdout.write(`${q}\n  terms: ${query.terms.map((t: string, i: number) => `${t}=${query.weights[i].toFixed(2)}`).join(' ')}\n`);
  for (const e of idx.topics) {
    const ms = query.terms.map((t: string) => (e.fields.get(t) ?? 0).toFixed(2)).join(' ');
    process.stdout.write(`  ${e.topic.id.padEnd(15)} ${ms}\n`);
  }
}
