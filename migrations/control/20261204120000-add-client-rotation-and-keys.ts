import type { MigrationContext } from '../support.ts';

// A client may hold a second secret while it rotates: the previous secret's hash stays valid until
// previous_secret_expires_at. A client that authenticates with private_key_jwt registers its public
// keys as a JWK array instead of using a secret.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    ALTER TABLE api_clients
      ADD COLUMN previous_secret_hash text,
      ADD COLUMN previous_secret_expires_at timestamptz,
      ADD COLUMN public_jwks jsonb,
      ADD CONSTRAINT api_clients_previous_secret_expiry CHECK ((previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL))`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    ALTER TABLE api_clients
      DROP CONSTRAINT api_clients_previous_secret_expiry,
      DROP COLUMN public_jwks,
      DROP COLUMN previous_secret_expires_at,
      DROP COLUMN previous_secret_hash`);
}
