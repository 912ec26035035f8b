import { isolateByTenant, type MigrationContext } from '../support.ts';

export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE customers (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      name text NOT NULL,
      country char(2) NOT NULL,
      subdivision text,
      customer_type text NOT NULL DEFAULT 'business' CHECK (customer_type IN ('business', 'consumer')),
      tax_id text,
      tax_id_validated boolean NOT NULL DEFAULT false,
      email text,
      source text NOT NULL DEFAULT 'api',
      source_ref text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await context.sequelize.query('CREATE UNIQUE INDEX customers_source_ref ON customers (tenant_id, source, source_ref) WHERE source_ref IS NOT NULL');
  await context.sequelize.query('CREATE INDEX customers_tenant_created ON customers (tenant_id, created_at, id)');
  await isolateByTenant(context.sequelize, 'customers');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE customers');
}
