import assert from 'node:assert/strict';
import { systemDatabase } from '../../../services/core/database.ts';
import { queryPrepared } from '../../../services/core/prepared.ts';

// A prepared statement lives on its connection, so an error that spoils it marks the connection
// for the pool to drop, and the next borrower gets a fresh one.
describe('prepared statements', () => {
  const database = () => systemDatabase('eu');

  it('runs a statement with its values', async () => {
    const rows = await database().transaction((transaction) => queryPrepared<{ sum: number }>(transaction, 'SELECT $1::int + $2::int AS sum', [2, 3]));
    assert.deepEqual(rows, [{ sum: 5 }]);
  });

  it('drops a connection whose plan went stale', async () => {
    let connection: { _invalid?: boolean } | undefined;
    await assert.rejects(database().transaction(async (transaction) => {
      connection = (transaction as unknown as { connection: { _invalid?: boolean } }).connection;
      await database().query('CREATE TEMP TABLE prepared_probe (value int) ON COMMIT DROP', { transaction });
      await queryPrepared(transaction, 'SELECT value FROM prepared_probe', []);
      await database().query('ALTER TABLE prepared_probe ALTER COLUMN value TYPE text', { transaction });
      await queryPrepared(transaction, 'SELECT value FROM prepared_probe', []);
    }), /cached plan must not change result type/);

    assert.equal(connection?._invalid, true);
  });
});
