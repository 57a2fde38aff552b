/**
 * `npm run ask -- "question"`: one answer, rendered as the console renders it.
 * `npm run --silent ask -- --json`: one question per standard-input line, one JSON object per
 * line on standard output ({question, locale, answer, related, reason?}), for evaluation scripts. In that mode
 * nothing else is written to standard output; logs go to standard error. Community FAQ entries
 * take part only for the guild named with --guild. A line longer than /ask accepts
 * (ASK_QUESTION_MAX_LENGTH, counted as Discord counts) gets no answer and reason "too-long", as
 * Discord would not send it.
 */
import { createInterface } from 'node:readline';
import { ASK_QUESTION_MAX_LENGTH } from '../../commands/ask.js';
import { Dispatcher } from '../dispatch.js';
import { DEFAULT_LOCALE, type Locale, supportedLocale } from '../i18n/locales.js';
import { cleanUserText as cleanQuestion } from '../replies/clean-text.js';
import { discordLength } from '../replies/text-length.js';
import type { NoAnswerReason, SearchHit, SearchResult } from '../search/types.js';
import { guardStandardStreams } from '../standard-streams.js';
import { CONSOLE_CHANNEL_ID, MEMBER_ACCESS, parseConsoleOptions, UsageError } from './cli-options.js';
import { ConsoleOutbox } from './console-outbox.js';
import { renderReply } from './render.js';
import { exitWithStartupError, startConsoleApp } from './startup.js';

const USAGE =
  'Usage: npm run ask -- [--guild ID] [--db PATH] [--locale CODE] "your question"\n' +
  '       npm run --silent ask -- --json [--guild ID] [--db PATH] [--locale CODE] < questions.txt\n' +
  "  --locale  the asker's Discord language, e.g. es-ES, pt-BR, fr, de, id, hi (default en-US)";

interface JsonHit {
  readonly id: string;
  readonly title: string;
  readonly score: number;
}

interface JsonAnswer {
  readonly question: string;
  /** The language the answer is written in (the question's, else the asker's, else English). */
  readonly locale: Locale;
  /** The topic (with `section`: the section shown, null for the topic's short answer) or FAQ entry. */
  readonly answer: (JsonHit & { readonly section?: string | null }) | null;
  readonly related: readonly JsonHit[];
  /** Only when `answer` is null: "off-topic", "not-confident", "language" or "too-long". */
  readonly reason?: NoAnswerReason | 'too-long';
}

const toJsonHit = (hit: SearchHit): JsonHit => ({ id: hit.id, title: hit.title, score: hit.score });

function toJsonAnswer(question: string, result: SearchResult): JsonAnswer {
  const { answer } = result;
  return {
    question,
    locale: result.locale,
    answer: answer
      ? { ...toJsonHit(answer), ...(answer.kind === 'topic' && { section: answer.section ?? null }) }
      : null,
    related: result.alternatives.map(toJsonHit),
    ...(answer === null && { reason: result.reason ?? 'not-confident' }),
  };
}

async function main(): Promise<void> {
  // A reader that stops early (`| head -1`) ends the run quietly, status 0: nobody is left to answer.
  let stdoutGone = false;
  let stopReading = () => {};
  guardStandardStreams({
    onStdoutBroken: () => {
      stdoutGone = true;
      stopReading();
    },
  });
  let options: ReturnType<typeof parseConsoleOptions>;
  try {
    options = parseConsoleOptions(process.argv.slice(2), { forAsk: true });
    if (!options.json && options.positionals.join(' ').trim() === '')
      throw new UsageError('Give a question to ask.');
    if (options.json && options.positionals.length > 0) {
      throw new UsageError('With --json the questions come from standard input, one per line.');
    }
  } catch (error) {
    exitWithStartupError(error, USAGE);
  }

  // Nothing this command does posts on its own; anything that tried would go to standard error.
  const outbox = new ConsoleOutbox((heading, reply) => {
    process.stderr.write(`${heading}\n${renderReply(reply).text}\n`);
  });
  let started: Awaited<ReturnType<typeof startConsoleApp>>;
  try {
    started = await startConsoleApp(options.databasePath, outbox);
  } catch (error) {
    exitWithStartupError(error, USAGE);
  }
  const { app } = started;

  try {
    if (options.json) {
      // Without --guild the answers come from the knowledge base alone, so evaluation runs do not
      // depend on whatever community FAQ entries a local database happens to hold.
      const guildId = options.guildGiven ? options.guildId : null;
      const lines = createInterface({
        input: process.stdin,
        crlfDelay: Number.POSITIVE_INFINITY,
        terminal: false,
      });
      stopReading = () => lines.close();
      for await (const line of lines) {
        if (stdoutGone) break;
        if (line.trim() === '') continue;
        const question = cleanQuestion(line);
        const answer: JsonAnswer =
          discordLength(question) > ASK_QUESTION_MAX_LENGTH
            ? {
                question: line,
                locale: supportedLocale(options.locale) ?? DEFAULT_LOCALE,
                answer: null,
                related: [],
                reason: 'too-long',
              }
            : toJsonAnswer(line, app.services.search.search(question, { guildId, locale: options.locale }));
        process.stdout.write(`${JSON.stringify(answer)}\n`);
      }
    } else {
      const dispatcher = new Dispatcher(app.commands);
      const response = await dispatcher.handle(
        {
          interactionId: '800000000000000001',
          user: { id: options.userId, displayName: 'console member' },
          guildId: options.guildId,
          channelId: CONSOLE_CHANNEL_ID,
          access: MEMBER_ACCESS,
          locale: supportedLocale(options.locale) ?? DEFAULT_LOCALE,
          guildLocale: null,
          services: app.services,
        },
        {
          type: 'command',
          command: 'ask',
          input: {
            subcommandGroup: null,
            subcommand: null,
            options: { question: options.positionals.join(' ') },
          },
        },
      );
      const text =
        response.kind === 'modal'
          ? `(the bot opened a form: ${response.modal.title})`
          : renderReply(response.reply).text;
      process.stdout.write(`${text}\n`);
    }
  } finally {
    await app.close();
  }
}

await main();
