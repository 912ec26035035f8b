import { isolateByTenant, type MigrationContext } from '../support.ts';

// Invoice drafts made from completed milestones. One milestone makes at most one invoice, which
// the unique milestone_id enforces even if two runs race.
export async function up({ context }: { context: MigrationContext }) {
  await context.sequelize.query(`
    CREATE TABLE invoices (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      contract_id uuid NOT NULL REFERENCES contracts (id),
      milestone_id uuid NOT NULL UNIQUE REFERENCES milestones (id),
      legal_entity_code text NOT NULL,
      currency char(3) NOT NULL,
      net_amount numeric(18, 2) NOT NULL,
      tax_amount numeric(18, 2) NOT NULL,
      tax_treatment text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'cancelled')),
      run_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await isolateByTenant(context.sequelize, 'invoices');
}

export async function down({ context }: { context: MigrationContext }) {
  await context.sequelize.query('DROP TABLE invoices');
}
