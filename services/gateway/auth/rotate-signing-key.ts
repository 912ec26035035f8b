// Rotates the token signing key now, for example after a suspected key leak:
//   npx tsx services/gateway/auth/rotate-signing-key.ts
// Tokens signed with the old key stay valid until they expire; new tokens use the new key.
import { closeDatabases } from '../../core/database.ts';
import { logger } from '../../core/logger.ts';
import { rotateSigningKey } from './signing-keys.ts';

const log = logger('rotate-signing-key');

try {
  const { kid, retiredKids } = await rotateSigningKey('on demand from the command line');
  log.info({ kid, retiringKids: retiredKids }, 'signing key rotated; gateway copies sign with it within a minute');
} catch (error) {
  log.error({ err: error }, 'rotating the signing key failed; the active key is unchanged');
  process.exitCode = 1;
} finally {
  await closeDatabases();
}
