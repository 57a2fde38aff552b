/**
 * Server names for the handlers' context (`guildName`: the DM that tells an FAQ author about a
 * decision names the server). The gateway path reads them from discord.js's cache; the HTTP
 * transport has none, and an interaction carries only the guild's id, so names come from
 * GET /guilds/{id}, kept for an hour per guild (a rename shows within the hour) and bounded in
 * number. A lookup that fails or takes longer than its budget gives null ("the server") rather
 * than holding up the answer; the fetch goes on and the next lookup finds the name.
 */
import type { REST } from 'discord.js';
import { type APIGuild, Routes } from 'discord-api-types/v10';
import type { Logger } from '../../logger.js';

const KEEP_MS = 60 * 60_000;
/** A failed lookup is not retried for a minute, so a guild the bot left costs one request a minute at most. */
const KEEP_FAILURE_MS = 60_000;
const CAPACITY = 10_000;

interface Entry {
  readonly name: Promise<string | null>;
  readonly until: number;
}

export class GuildNames {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The guild's name, or null when it is not known within `budgetMs` (milliseconds). Never rejects. */
  async lookup(guildId: string, budgetMs: number): Promise<string | null> {
    const now = this.now();
    let entry = this.entries.get(guildId);
    if (!entry || entry.until <= now) {
      entry = this.fetch(guildId, now);
      if (this.entries.size >= CAPACITY) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(guildId, entry);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budgetMs);
    });
    try {
      return await Promise.race([entry.name, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private fetch(guildId: string, now: number): Entry {
    const name = (this.rest.get(Routes.guild(guildId)) as Promise<APIGuild>).then(
      (guild) => guild.name,
      (error: unknown) => {
        this.logger.debug({ guildId, err: error }, 'could not read the server name');
        // Forget the failure sooner than a name.
        this.entries.set(guildId, { name: Promise.resolve(null), until: this.now() + KEEP_FAILURE_MS });
        return null;
      },
    );
    return { name, until: now + KEEP_MS };
  }
}
