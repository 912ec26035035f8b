import './env.ts';
import { closeDatabases } from '../../services/core/database.ts';

// Root hooks for every suite.
export const mochaHooks = {
  async afterAll() {
    await closeDatabases();
  },
};
