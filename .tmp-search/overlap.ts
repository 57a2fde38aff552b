import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/load.js';
import { parseLabelledQuestions } from '../src/search/evaluation.js';
const kb = await loadKnowledge('knowledge');
const ex = new Set(kb.topics.flatMap((t) => [...t.examples, ...t.aliases, ...t.keywords]).map((e) => e.toLowerCase().trim()));
for (const f of process.argv.slice(2)) {
  const qs = parseLabelledQuestions(readFileSync(f, 'utf8')).questions;
  console.log(f, qs.length, qs.filter((q) => ex.has(q.q.toLowerCase().trim())).length);
}
