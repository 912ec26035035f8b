import { createHash } from 'node:crypto';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { countStatement } from './database.ts';

// Named prepared statements for the statements sent for every run or contract write. Sequelize
// sends each statement as text that PostgreSQL parses and plans on every call. For the long
// statements that start a run and record its progress, EXPLAIN ANALYZE on the development machine
// showed about 0.45 to 0.65 ms of planning each. A named statement is parsed once per connection,
// and PostgreSQL switches to a cached generic plan after five executions when its estimated cost
// is no worse. Values go as $1, $2 and so on, never spliced into the text.

// The part of node-postgres's client that this module uses: Sequelize's postgres dialect hands
// out pg clients as a transaction's connection.
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  // Sequelize's pool discards a connection marked invalid instead of lending it again.
  _invalid?: boolean;
}

const names = new Map<string, string>();

// Errors after which the connection's prepared statements are no use: a lost connection, a
// statement whose cached plan a migration invalidated, and one the server no longer has. The pool
// then opens a fresh connection instead of failing on this one again.
function spoilsConnection(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ECONNRESET' || code === '26000') return true;
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

// node-postgres rejects one name used for two texts on a connection, so the name is derived from
// the text itself.
function nameFor(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `throughline_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

// Runs `text` as a named prepared statement in the transaction and returns its rows.
export async function queryPrepared<Row>(transaction: Transaction, text: string, values: unknown[]): Promise<Row[]> {
  const client = (transaction as unknown as { connection?: PgClient }).connection;
  if (!client) throw new Error('queryPrepared was called without a connection: run it inside withTenant or a Sequelize transaction.');

  countStatement();
  try {
    const { rows } = await client.query({ name: nameFor(text), text, values });
    return rows as Row[];
  } catch (error) {
    if (spoilsConnection(error)) client._invalid = true;
    throw error;
  }
}

// True for PostgreSQL's unique violation, raised through Sequelize or straight from node-postgres.
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintError || (error as { code?: string } | undefined)?.code === '23505';
}

// Collects the values of a statement as it is written: each call adds a value and returns its
// placeholder, so the numbering follows the text whichever optional parts it has.
export class StatementValues {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
