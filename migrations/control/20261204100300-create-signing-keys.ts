import type { MigrationContext } from '../support.ts';

// Token signing keys. The private key is encrypted under the master key; the public JWK stays in
// the JWKS until retire_after, when every token it signed has expired.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE signing_keys (
      kid text PRIMARY KEY,
      alg text NOT NULL,
      public_jwk jsonb NOT NULL,
      private_key_encrypted text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retiring', 'retired')),
      created_at timestamptz NOT NULL DEFAULT now(),
      retire_after timestamptz
    )`);
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE signing_keys');
}
