/**
 * The language a server reads what the bot posts on its own (scheduled tips, review-channel
 * cards and notes, which no interaction's `locale` decides): the language a moderator chose with
 * `/faq config language`, else the server's own language in Discord (its `preferred_locale`, the
 * `guild_locale` of its interactions) when the bot speaks it, else English.
 */
import { DEFAULT_LOCALE, type Locale, supportedLocale } from './locales.js';

export interface ServerLanguageSources {
  /** The language a moderator chose for the server; null when none was chosen. */
  readonly chosen: (guildId: string) => Promise<Locale | null>;
  /** The server's preferred locale as Discord reports it (any Discord code); null when unknown. */
  readonly discord: (guildId: string) => Promise<string | null>;
}

export class ServerLanguage {
  constructor(private readonly sources: ServerLanguageSources) {}

  /** The server's language (see the module comment). Never rejects: a failed lookup means the next source. */
  async of(guildId: string): Promise<Locale> {
    const chosen = await this.sources.chosen(guildId).catch(() => null);
    if (chosen) return chosen;
    return this.ofDiscord(guildId);
  }

  /** The server's own language in Discord when the bot speaks it, else English; never rejects. */
  async ofDiscord(guildId: string): Promise<Locale> {
    const code = await this.sources.discord(guildId).catch(() => null);
    return supportedLocale(code) ?? DEFAULT_LOCALE;
  }
}

/** A server language that is always English: for tools and tests with no server to ask. */
export const ENGLISH_EVERYWHERE = new ServerLanguage({
  chosen: async () => null,
  discord: async () => null,
});
