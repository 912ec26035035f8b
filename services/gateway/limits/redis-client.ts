import { Redis } from 'ioredis';
import { config } from '../../core/config.ts';
import { logger } from '../../core/logger.ts';

const log = logger('redis');
let client: Redis | undefined;
let lastErrorLoggedAt = 0;

// The gateway's one Redis connection, made on first use. The offline queue is off so a command
// fails at once while Redis is down, and the caller falls back instead of waiting. Commands sent
// in the same tick of the event loop go out in one write (ioredis auto-pipelining).
export function redis(): Redis {
  if (!client) {
    client = new Redis(config().redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableAutoPipelining: true });
    client.on('error', (error) => {
      // Reconnection repeats the same error many times a second, so it is logged once a minute.
      if (Date.now() - lastErrorLoggedAt < 60_000) return;
      lastErrorLoggedAt = Date.now();
      log.error({ err: error, url: config().redis.url.replace(/\/\/[^@]*@/, '//') }, 'Redis connection failed; rate limits fall back to per-copy counters');
    });
  }
  return client;
}

// The connection once it is ready, for callers that must not fall back, waiting at most timeoutMs.
export async function connectedRedis(timeoutMs = 2_000): Promise<Redis> {
  const connection = redis();
  if (connection.status === 'ready') return connection;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis at ${config().redis.url} was not ready within ${timeoutMs} ms`)), timeoutMs);
    connection.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return connection;
}

export async function closeRedis(): Promise<void> {
  const closing = client;
  client = undefined;
  if (closing) await closing.quit().catch(() => closing.disconnect());
}
