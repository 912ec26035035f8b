import type { MigrationContext } from '../support.ts';

// Adds the kind "other" for systems that are none of CLM, ERP, CRM or PSA, such as one reached
// through the generic REST driver. Flows look up their connector by kind, so a generic connector
// filed under one of the four kinds could be picked in place of the driver the flow needs.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    ALTER TABLE connectors
      DROP CONSTRAINT connectors_kind_check,
      ADD CONSTRAINT connectors_kind_check CHECK (kind IN ('clm', 'erp', 'crm', 'psa', 'other'))`);
}

// Fails while a connector of kind "other" exists, because the narrower check would reject it.
export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    ALTER TABLE connectors
      DROP CONSTRAINT connectors_kind_check,
      ADD CONSTRAINT connectors_kind_check CHECK (kind IN ('clm', 'erp', 'crm', 'psa'))`);
}
