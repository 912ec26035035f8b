import { isolateByTenant, type MigrationContext } from '../support.ts';

// Envelope encryption: each tenant's secrets are encrypted with a data key of its own, and the
// data key is stored wrapped (encrypted) by the master key from the environment, named by the
// master key's id. A new data key or a new master key can be introduced while old ciphertexts
// still open, because every ciphertext names the data key and master key it was sealed with.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE tenant_data_keys (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      wrapped_key text NOT NULL,
      master_key_id text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query(`CREATE UNIQUE INDEX tenant_data_keys_one_active ON tenant_data_keys (tenant_id) WHERE status = 'active'`);
  await isolateByTenant(context.sequelize, 'tenant_data_keys');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE tenant_data_keys');
}
