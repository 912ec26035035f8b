import { logger } from '../../core/logger.ts';
import { retireExpiredKeys, rotateSigningKeyIfDue } from './signing-keys.ts';

const log = logger('key-rotation');

// How often each gateway copy checks whether the signing key is due. A copy that finds a fresh key
// does nothing. Two copies that check at the same moment may both rotate, which is harmless,
// because every replaced key stays published until its tokens expire.
const CHECK_INTERVAL_MS = 60 * 60 * 1000;

async function check(): Promise<void> {
  try {
    await rotateSigningKeyIfDue();
    await retireExpiredKeys();
  } catch (error) {
    log.error({ err: error }, 'signing key rotation check failed; it runs again within the hour');
  }
}

// Starts the hourly check and returns a function that stops it.
export function startKeyRotationSchedule(): () => void {
  void check();
  const timer = setInterval(() => void check(), CHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
