/**
 * An error the user caused (bad input, missing permission, nothing to review). The dispatcher
 * shows it ephemerally, in the language of the person who caused it, and does not log it as a
 * fault. It carries a message key (or a way to compose several), not a sentence, because the
 * code that throws it does not know who will read it; `message` is the English text, for logs.
 */
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.js';
import { type MessageKey, type MessageVars, type Translator, translator } from '../i18n/messages.js';

export class UserError extends Error {
  private readonly compose: (tr: Translator) => string;

  /** The message `key` of the catalogue, with its placeholders' values. */
  constructor(key: MessageKey, vars?: MessageVars);
  /** A message built from several catalogue messages (a list of problems, say). */
  constructor(compose: (tr: Translator) => string);
  constructor(keyOrCompose: MessageKey | ((tr: Translator) => string), vars?: MessageVars) {
    const compose =
      typeof keyOrCompose === 'function' ? keyOrCompose : (tr: Translator) => tr(keyOrCompose, vars);
    super(compose(translator(DEFAULT_LOCALE)));
    this.name = 'UserError';
    this.compose = compose;
  }

  /** The message in `locale`, as the user reads it. */
  text(locale: Locale): string {
    return locale === DEFAULT_LOCALE ? this.message : this.compose(translator(locale));
  }
}
