/**
 * Counts database errors in one place, for both adapters: a Storage whose stores are the real
 * ones behind a thin wrapper that counts every call that throws or rejects
 * (metabot_database_errors_total, by store and method) and passes the error on unchanged. The
 * stores reject only when the database fails them (an outage, a closed connection, a row that no
 * longer validates); expected outcomes such as a lost race come back as values, not errors.
 */
import type { Storage } from '../storage/storage.js';
import type { DatabaseMetrics, StoreName } from './metrics.js';

/**
 * `storage` with every store method (and `ping`) counted on failure. The stores' own objects run
 * each call (`this` is the real store), so adapters need not know they are watched.
 */
export function instrumentStorage(storage: Storage, metrics: DatabaseMetrics): Storage {
  return {
    faq: countFailures(storage.faq, 'faq', metrics),
    tips: countFailures(storage.tips, 'tips', metrics),
    insights: countFailures(storage.insights, 'insights', metrics),
    cooldowns: countFailures(storage.cooldowns, 'cooldowns', metrics),
    location: storage.location,
    ping: () => counted(() => storage.ping(), 'storage', 'ping', metrics),
    close: () => storage.close(),
  };
}

function countFailures<T extends object>(store: T, name: StoreName, metrics: DatabaseMetrics): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (!method) {
        const operation = String(property);
        method = (...args: unknown[]) =>
          counted(() => Reflect.apply(value, target, args) as unknown, name, operation, metrics);
        wrapped.set(property, method);
      }
      return method;
    },
  });
}

/** Runs `call`, counting a synchronous throw or a rejected promise, and returns what it returns. */
function counted<R>(call: () => R, store: StoreName, operation: string, metrics: DatabaseMetrics): R {
  let result: R;
  try {
    result = call();
  } catch (error) {
    metrics.databaseError(store, operation);
    throw error;
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      metrics.databaseError(store, operation);
      throw error;
    }) as R;
  }
  return result;
}
