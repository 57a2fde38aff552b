/**
 * The container's health probe (the Dockerfile's HEALTHCHECK runs `node dist/src/ops/healthcheck.js`):
 * GET /healthz on this machine's METRICS_PORT, exit 0 on 200 and 1 otherwise (503, no answer,
 * no METRICS_PORT), printing the verdict, which Docker keeps for `docker inspect`. A script rather
 * than curl, which the slim Node image does not have, and so it reads the port the bot reads.
 */
import { loadConfig } from '../config.js';
import { HEALTH_PATH } from './ops-server.js';

/** Docker's own timeout is longer; a probe that hangs should fail on its own first. */
const PROBE_TIMEOUT_MS = 3_000;

/** The address to probe: the bot's METRICS_HOST, or this machine when it listens on every interface. */
function probeHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  if (config.METRICS_PORT === undefined || config.METRICS_PORT === 0) {
    console.error('METRICS_PORT is not set to a fixed port, so there is no /healthz to probe.');
    return 1;
  }
  const url = `http://${probeHost(config.METRICS_HOST)}:${config.METRICS_PORT}${HEALTH_PATH}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    console.error(`${url}: ${response.status} ${await response.text()}`);
    return response.status === 200 ? 0 : 1;
  } catch (error) {
    console.error(`${url}: no answer (${(error as Error).message})`);
    return 1;
  }
}

main().then((code) => process.exit(code));
