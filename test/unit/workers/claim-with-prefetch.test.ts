import assert from 'node:assert/strict';
import pino from 'pino';
import type { Transaction } from 'sequelize';
import { claimWithPrefetch } from '../../../services/workers/orchestrator.ts';
import type { ClaimReads } from '../../../services/workers/run-store.ts';

// The run store runs the prefetch inside the claiming transaction. Here a claim is a function that
// runs the reads it is given in the same way and records each call.
describe('claim with prefetch', () => {
  const log = pino({ level: 'silent' });
  const transaction = {} as Transaction;
  const run = { id: 'run-1', input: {} } as Parameters<ClaimReads>[1];

  function claims() {
    const calls: boolean[] = [];
    const claim = async (reads?: ClaimReads) => {
      calls.push(reads !== undefined);
      await reads?.(transaction, run);
      return 'claimed';
    };
    return { calls, claim };
  }

  it('claims once when the prefetch succeeds', async () => {
    const { calls, claim } = claims();
    const memo = new Map<string, Promise<unknown>>([['connectors', Promise.resolve([])]]);

    assert.equal(await claimWithPrefetch(claim, async () => undefined, memo, log), 'claimed');
    assert.deepEqual(calls, [true]);
    assert.equal(memo.size, 1);
  });

  it('claims again without a failed prefetch', async () => {
    const { calls, claim } = claims();
    const memo = new Map<string, Promise<unknown>>([['connectors', Promise.resolve([])]]);
    const failing: ClaimReads = async () => {
      throw new Error('relation "legal_entities" does not exist');
    };

    assert.equal(await claimWithPrefetch(claim, failing, memo, log), 'claimed');
    assert.deepEqual(calls, [true, false]);
    assert.equal(memo.size, 0, 'reads the prefetch started are dropped');
  });
});
