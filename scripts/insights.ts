/**
 * `npm run insights -- --guild ID [--days N] [--jsonl]`: the /faq insights report of one server,
 * read from the bot's database (DATABASE_URL, else DATABASE_PATH, as the bot itself), for the
 * knowledge base's maintainers. `--jsonl` prints one `{"q": "...", "topics": []}` line per
 * question group instead: a set to label by hand (fill in `topics`) and run with `npm run eval`.
 */
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { systemClock } from '../src/clock.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { restoreMentions } from '../src/faq/sanitise.js';
import { groupInsights, type InsightGroup, matcherTerms } from '../src/insights/insight-report.js';
import { INSIGHT_OUTCOMES } from '../src/insights/insight-store.js';
import { loadLibrary } from '../src/knowledge/load.js';
import { guardStandardStreams } from '../src/standard-streams.js';
import { openStorage } from '../src/storage/open-storage.js';

guardStandardStreams();
const USAGE = 'usage: npm run insights -- --guild ID [--days N] [--jsonl]';
const DAY_MS = 86_400_000;
/** More than a server would read in Discord: maintainers want the long tail too. */
const MAX_GROUPS = 100;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let args: { guild?: string; days?: string; jsonl?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: {
      guild: { type: 'string' },
      days: { type: 'string' },
      jsonl: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!args.guild || !/^\d{17,20}$/.test(args.guild)) fail(`--guild takes a server id\n${USAGE}`, 2);

dotenv.config({ quiet: true });
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const days = args.days === undefined ? config.INSIGHTS_RETENTION_DAYS : Number(args.days);
if (!Number.isSafeInteger(days) || days < 1)
  fail(`--days takes a whole number of days, at least 1\n${USAGE}`, 2);

/** A group as one plain line: no Markdown, a terminal shows it as it is. */
function plainLine(group: InsightGroup, rank: number): string {
  const outcomes = INSIGHT_OUTCOMES.filter((o) => group.outcomes[o] > 0)
    .map((o) => `${o} ×${group.outcomes[o]}`)
    .join(', ');
  const guesses = group.guesses.map((g) => `${g.topicId} (${g.score.toFixed(2)})`).join(', ') || 'none';
  return `${rank}. [${group.locale}] ${restoreMentions(group.question)}  ×${group.count} (${outcomes}); best guesses: ${guesses}`;
}

const library = await loadLibrary(config.KNOWLEDGE_DIR);
const storage = await openStorage(config, systemClock);
try {
  const since = systemClock.now() - days * DAY_MS;
  const records = await storage.insights.list(args.guild, since);
  const groups = groupInsights(records, matcherTerms(library)).slice(0, MAX_GROUPS);
  if (args.jsonl) {
    for (const group of groups)
      process.stdout.write(`${JSON.stringify({ q: restoreMentions(group.question), topics: [] })}\n`);
  } else {
    process.stdout.write(
      `Questions the bot could not answer in server ${args.guild} since ${new Date(since).toISOString().slice(0, 10)}: ${records.length} kept, ${groups.length} groups\n`,
    );
    for (const [i, group] of groups.entries()) process.stdout.write(`${plainLine(group, i + 1)}\n`);
  }
} finally {
  await storage.close();
}
