/**
 * Standard output and error that can never hold the process: the log destination every entry
 * point writes to, and what happens when whoever reads our output goes away.
 *
 * Why not pino's own asynchronous destination (sonic-boom): its exit flush retries a failed write
 * forever, sleeping 100 ms between tries, for any error but EAGAIN. When the reader of a pipe
 * (a supervisor, `| tee`, a log shipper) stops while the bot shuts down, every write fails with
 * EPIPE and `process.exit` never returns; the process then ignores SIGTERM and SIGINT too, since
 * its only thread is asleep in that loop. Here a broken output is dropped at the first error, a
 * full pipe is waited on for a bounded time at exit only, and memory for unwritten lines is capped.
 */
import { write as writeAsync, writeSync } from 'node:fs';

/**
 * How long the exit flush may wait for a full pipe to take our last lines. Added to the 4.5 s hard
 * stop in src/main.ts it stays inside the 5 s a process has between SIGTERM and exit.
 */
export const EXIT_FLUSH_BUDGET_MS = 250;
/**
 * Unwritten log text kept while the reader is slow, in UTF-16 units (`.length`: a bound on memory,
 * not a length anyone reads); beyond it lines are dropped and counted.
 */
const MAX_PENDING_CHARS = 8 * 1024 * 1024;
/** Wait before trying a full pipe again, while the process runs. */
const FULL_PIPE_RETRY_MS = 50;
/** Wait between tries of a full pipe during the exit flush (blocks the thread, within the budget). */
const EXIT_RETRY_SLEEP_MS = 5;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * A pino destination (`write(line)`) for one file descriptor. Lines are written asynchronously in
 * batches (one write per batch, through libuv's thread pool), so logging never blocks the event
 * loop. A full pipe (EAGAIN) is retried; any other error (EPIPE, EBADF, EIO...) means the output is
 * gone, and every later line is dropped. Never throws, never emits 'error'.
 */
export class LogDestination {
  private pending: string[] = [];
  private pendingChars = 0;
  /** Bytes a full pipe refused, written again before anything newer. */
  private refused: Buffer | null = null;
  private writing = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private droppedLines = 0;
  private brokenBy: string | null = null;
  private waiting: (() => void)[] = [];

  constructor(private readonly fd: number) {}

  /** Why the output stopped taking writes (an errno code such as EPIPE), or null while it works. */
  get broken(): string | null {
    return this.brokenBy;
  }

  /** Queues one finished line (pino passes each with its newline) and starts writing if idle. */
  write(line: string): boolean {
    if (this.brokenBy !== null) return true;
    if (this.pendingChars + line.length > MAX_PENDING_CHARS) {
      this.droppedLines++;
      return true;
    }
    this.pending.push(line);
    this.pendingChars += line.length;
    if (!this.writing && this.retryTimer === null) this.writeBatch();
    return true;
  }

  /**
   * Calls `callback` once every line written so far is out (or dropped because the output broke).
   * pino's `logger.flush(callback)` ends here.
   */
  flush(callback: () => void = () => {}): void {
    this.waiting.push(callback);
    this.settleIfIdle();
  }

  /**
   * Writes what is queued, synchronously, for the moment the process exits (no event loop left).
   * A full pipe is retried until `budgetMs` have passed, then the rest is dropped; any other error
   * drops it at once. A batch already handed to the thread pool is left to it (and may land after
   * these lines: at exit there is no event loop left to wait for it). Never throws.
   */
  flushSync(budgetMs: number = EXIT_FLUSH_BUDGET_MS): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    let data = this.brokenBy === null ? this.takeBatch() : Buffer.alloc(0);
    const deadline = performance.now() + budgetMs;
    while (data.length > 0) {
      try {
        data = data.subarray(writeSync(this.fd, data));
      } catch (error) {
        if (errorCode(error) === 'EAGAIN' && performance.now() < deadline) {
          Atomics.wait(sleeper, 0, 0, EXIT_RETRY_SLEEP_MS);
          continue;
        }
        if (errorCode(error) !== 'EAGAIN') this.brokenBy = errorCode(error) ?? 'unknown';
        break;
      }
    }
    this.settleIfIdle();
  }

  /** Everything not yet written, oldest first, as one buffer; the queue is then empty. */
  private takeBatch(): Buffer {
    let text = this.pending.join('');
    if (this.droppedLines > 0) {
      // Hand-made so it needs no logger; the same shape as pino's lines (level 40 is warn).
      text += `${JSON.stringify({
        level: 40,
        time: Date.now(),
        msg: 'log output was too slow to take every line; some were dropped',
        droppedLines: this.droppedLines,
      })}\n`;
      this.droppedLines = 0;
    }
    this.pending = [];
    this.pendingChars = 0;
    const fresh = Buffer.from(text, 'utf8');
    const refused = this.refused;
    this.refused = null;
    return refused ? Buffer.concat([refused, fresh]) : fresh;
  }

  private settleIfIdle(): void {
    const idle =
      this.brokenBy !== null || (!this.writing && this.retryTimer === null && this.pendingChars === 0);
    if (!idle || this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const callback of waiting) process.nextTick(callback);
  }

  private writeBatch(data: Buffer = this.takeBatch()): void {
    if (data.length === 0) {
      this.settleIfIdle();
      return;
    }
    this.writing = true;
    writeAsync(this.fd, data, 0, data.length, null, (error, written) => {
      this.writing = false;
      if (error && errorCode(error) === 'EAGAIN') {
        // The reader is slow, not gone: try the same bytes again shortly, with newer lines after them.
        this.refused = data;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.writeBatch();
        }, FULL_PIPE_RETRY_MS).unref();
      } else if (error) {
        this.brokenBy = errorCode(error) ?? 'unknown';
        this.pending = [];
        this.pendingChars = 0;
        this.settleIfIdle();
      } else if (written < data.length) {
        this.writeBatch(data.subarray(written));
      } else {
        this.writeBatch();
      }
    });
  }
}

let standardError: LogDestination | null = null;

/**
 * The process's log destination for standard error (fd 2), shared by every logger of the process
 * so lines keep their order, and flushed (bounded) when the process exits. Touching
 * `process.stderr` first makes libuv put a pipe in non-blocking mode, so that no write, not even
 * the exit flush, can block the thread on a reader that stopped reading.
 */
export function standardErrorDestination(): LogDestination {
  if (!standardError) {
    void process.stderr;
    const destination = new LogDestination(2);
    process.on('exit', () => destination.flushSync());
    standardError = destination;
  }
  return standardError;
}

export interface StreamGuardOptions {
  /**
   * Called once when standard output stops taking writes (the reader went away: `| head`, a
   * closed terminal). A command-line tool ends quietly here; the bot, which writes nothing there,
   * passes nothing.
   */
  readonly onStdoutBroken?: () => void;
}

let guarded = false;

/**
 * Makes a broken standard output or error harmless: Node reports a failed write (EPIPE when the
 * reader is gone) as an 'error' event on process.stdout or process.stderr, and without a listener
 * that event crashes the process with a stack trace nobody can read. With it, the stream is left
 * broken, later writes to it are ignored, and `onStdoutBroken` runs once. Call it first thing in
 * every entry point; later calls add nothing.
 */
export function guardStandardStreams(options: StreamGuardOptions = {}): void {
  if (guarded) return;
  guarded = true;
  let stdoutBroken = false;
  process.stdout.on('error', () => {
    if (stdoutBroken) return;
    stdoutBroken = true;
    options.onStdoutBroken?.();
  });
  process.stderr.on('error', () => {});
}
