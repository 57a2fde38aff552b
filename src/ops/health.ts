/**
 * Whether this process is ready to answer, for GET /healthz: every named check passes (the
 * gateway's shards are ready, or the HTTP server is up, and the database answers) and the process
 * is not shutting down. A load balancer or a container runtime acts on the status code alone
 * (200 or 503); the short reason is for the person looking, and names only which check failed:
 * the endpoint may face the internet (`npm run serve`), so the error itself goes to the log.
 */
import type { Logger } from '../logger.js';

/** Resolves (or returns) when healthy; throws or rejects, with the detail for the log, when not. */
export type HealthCheck = () => unknown;

export type HealthStatus = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * A check that has not answered in this long counts as failed: probes time out too (Kubernetes
 * after 1 s by default, Docker's HEALTHCHECK after 30 s), and an answer after the probe gave up is
 * of no use. A PostgreSQL server that does not answer would otherwise hold the request for the
 * pool's 10-second connection timeout.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 1_000;

export class Health {
  private stopping = false;
  /** One run of the checks at a time: probes that arrive while one runs share its answer. */
  private running: Promise<HealthStatus> | null = null;

  /**
   * @param checks by name, the name being the reason given when that check fails (e.g. "database")
   * @param timeoutMs how long a check may take before it counts as failed
   */
  constructor(
    private readonly checks: Readonly<Record<string, HealthCheck>>,
    private readonly logger: Logger,
    private readonly timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
  ) {}

  /** From now on the answer is 503 "stopping", whatever the checks say: shutdown has begun. */
  markStopping(): void {
    this.stopping = true;
  }

  /** Runs every check (at most timeoutMs each, in parallel). Never rejects. */
  check(): Promise<HealthStatus> {
    if (this.stopping) return Promise.resolve({ ok: false, reason: 'stopping' });
    this.running ??= this.runChecks().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runChecks(): Promise<HealthStatus> {
    const failed = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]) =>
        (await this.passes(name, check)) ? null : name,
      ),
    );
    // Shutdown may have begun while the checks ran (a closed database is then expected).
    if (this.stopping) return { ok: false, reason: 'stopping' };
    const names = failed.filter((name): name is string => name !== null);
    return names.length === 0 ? { ok: true } : { ok: false, reason: `${names.join(', ')} not ready` };
  }

  private async passes(name: string, check: HealthCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(check), timedOut]);
      return true;
    } catch (error) {
      if (!this.stopping) this.logger.warn({ err: error, check: name }, 'health check failed');
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
