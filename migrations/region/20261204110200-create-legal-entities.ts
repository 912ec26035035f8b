import { isolateByTenant, type MigrationContext } from '../support.ts';

// The firm's own legal entities: which one contracts and bills a customer is chosen by the rule packs.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE legal_entities (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      code text NOT NULL,
      name text NOT NULL,
      country char(2) NOT NULL,
      currency char(3) NOT NULL,
      tax_id text,
      regional_hub boolean NOT NULL DEFAULT false,
      invoice_series text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code)
    )`);
  await isolateByTenant(context.sequelize, 'legal_entities');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE legal_entities');
}
