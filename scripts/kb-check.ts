/**
 * `npm run kb:check [DIR]`: validates a knowledge directory (default: the project's knowledge/),
 * its translations (locales/<locale>/: complete, same sections, numbers, sources, not stale) and
 * that every topic and tip fits Discord's limits in every language. Prints one line per problem, naming
 * file, field and what is wrong, and exits 1 when there is any.
 */
import { resolve } from 'node:path';
import { discordFitProblems } from '../src/knowledge/discord-fit.js';
import { checkKnowledge, formatProblem } from '../src/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/paths.js';
import { guardStandardStreams } from '../src/standard-streams.js';

// A reader that goes away (`| head`) ends the output, not the check with a stack trace.
guardStandardStreams();

const dir = process.argv[2] === undefined ? DEFAULT_KNOWLEDGE_DIR : resolve(process.argv[2]);
const { problems, library } = await checkKnowledge(dir);
const all =
  library === null
    ? problems
    : [...problems, ...library.locales.flatMap((locale) => discordFitProblems(library.in(locale)))];

if (all.length > 0 || library === null) {
  process.stderr.write(
    `knowledge check failed in ${dir}: ${all.length} problem${all.length === 1 ? '' : 's'}\n`,
  );
  for (const problem of all) process.stderr.write(`${formatProblem(problem)}\n`);
  process.exitCode = 1;
} else {
  const { english } = library;
  process.stdout.write(
    `knowledge ok: ${english.topics.length} topics, ${english.tips.length} tips, in ${library.locales.join(', ')}\n`,
  );
}
