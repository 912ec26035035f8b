import { closeDatabases } from '../../services/core/database.ts';

// Root hooks for every suite. Tests run with NODE_ENV=test, so they use the throughline_test_*
// databases and throughline-test-* vhosts that `npm test` migrates and declares, never the
// development ones.
process.env.NODE_ENV ??= 'test';

export const mochaHooks = {
  async afterAll() {
    await closeDatabases();
  },
};
