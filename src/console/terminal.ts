/**
 * The console's terminal: reads one line at a time with Node's readline (history, Tab
 * completion) and prints messages, including ones that arrive while a line is half typed.
 *
 * Ctrl-D at a terminal makes readline close its interface. While the input itself is still open
 * (a terminal, not a pipe that has ended) the next read opens a fresh interface, so Ctrl-D in a
 * form leaves the form only; at the command prompt it ends the session, as the session decides.
 */
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { ConsoleIO } from './session.js';

export interface TerminalOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** True for an interactive terminal: line editing, Tab completion and Ctrl-D as a key. */
  readonly terminal: boolean;
  /** Completions for the text before the cursor, as readline's completer returns them. */
  readonly complete?: (line: string) => Promise<[string[], string]>;
  /** Ctrl-C at the prompt. */
  readonly onInterrupt?: () => void;
}

const HISTORY_SIZE = 200;

export class Terminal implements ConsoleIO {
  private rl: Interface | null = null;
  private lines: AsyncIterator<string> | null = null;
  private history: string[] = [];
  private atPrompt = false;
  private stopped = false;

  constructor(private readonly o: TerminalOptions) {}

  /** True once the input can give no more lines: the pipe ended or the stream was destroyed. */
  private inputEnded(): boolean {
    const input = this.o.input as NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean };
    return input.readableEnded === true || input.destroyed === true;
  }

  private open(): { rl: Interface; lines: AsyncIterator<string> } {
    const { complete } = this.o;
    const rl = createInterface({
      input: this.o.input,
      output: this.o.output,
      terminal: this.o.terminal,
      historySize: HISTORY_SIZE,
      // A fresh interface after Ctrl-D keeps the lines typed so far under the Up arrow.
      history: this.history,
      ...(complete && {
        completer: (line: string, done: (error: Error | null, result: [string[], string]) => void) => {
          complete(line).then(
            (result) => done(null, result),
            () => done(null, [[], line]),
          );
        },
      }),
    });
    rl.on('history', (history: string[]) => {
      this.history = history;
    });
    if (this.o.onInterrupt) rl.on('SIGINT', this.o.onInterrupt);
    rl.once('close', () => {
      if (this.rl === rl) {
        this.rl = null;
        this.lines = null;
      }
    });
    const lines = rl[Symbol.asyncIterator]();
    this.rl = rl;
    this.lines = lines;
    return { rl, lines };
  }

  /** Prints a block of text and a newline, above the prompt and whatever is half typed there. */
  print(text: string): void {
    const { output } = this.o;
    if (this.atPrompt && this.o.terminal && this.rl) {
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      this.rl.prompt(true);
    } else {
      output.write(`${text}\n`);
    }
  }

  /**
   * One line after `prompt`; null when that read was ended instead (Ctrl-D, the input closing,
   * or stop()). After a Ctrl-D the following call reads again, from a fresh interface.
   */
  async readLine(prompt: string): Promise<string | null> {
    if (this.stopped || this.inputEnded()) return null;
    const { rl, lines } = this.rl && this.lines ? { rl: this.rl, lines: this.lines } : this.open();
    rl.setPrompt(prompt);
    rl.prompt();
    this.atPrompt = true;
    try {
      const next = await lines.next();
      if (next.done) {
        // Ctrl-D leaves the cursor after the prompt; what is printed next starts on its own line.
        if (this.o.terminal) this.o.output.write('\n');
        return null;
      }
      return next.value;
    } finally {
      this.atPrompt = false;
    }
  }

  /** Ends the current read (it resolves null) and every later one. Safe to call twice. */
  stop(): void {
    this.stopped = true;
    this.rl?.close();
  }
}
