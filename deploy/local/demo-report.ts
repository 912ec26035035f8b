import type { DemoPlatform } from './demo-platform.ts';

// Prints what each outside system contains at the end of the demo, as a person would see it in each
// tool: CLM workflows with the status Throughline wrote back, CRM companies, ERP documents and
// PSA workspaces.

type Doc = Record<string, unknown>;

const money = (value: unknown, currency: unknown) => `${Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${String(currency ?? '')}`.trim();

function section(title: string, lines: string[]): void {
  console.log(`\n${title}`);
  for (const line of lines.length > 0 ? lines : ['(nothing)']) console.log(`  ${line}`);
}

export function printHoldings(platform: DemoPlatform): void {
  const workflows = [...platform.clm.state.workflows.values()];
  section('CLM workflows (Ironclad simulator)', workflows.map((workflow) => {
    const attributes = workflow.attributes;
    const written = attributes.throughlineStatus ? `Throughline: ${String(attributes.throughlineStatus)}` : 'not sent to Throughline';
    const ids = [attributes.erpProjectId, attributes.erpSalesOrderId, attributes.psaWorkspaceId].filter(Boolean).join(', ');
    return `${workflow.ironcladId} ${workflow.title} [${workflow.status}] ${written}${ids ? ` (${ids})` : ''}`;
  }));

  section('CRM companies (HubSpot simulator)', [...platform.crm.state.companies.values()].map((company) =>
    `${company.id} ${company.properties.name} (${company.properties.country}) VAT ${company.properties.vat_number ?? 'none'}`));

  const erp = (doctype: string) => platform.erp.store.list(doctype) as Doc[];
  section('ERP customers (ERPNext simulator)', erp('Customer').map((doc) => `${String(doc.name)}, territory ${String(doc.territory)}, tax id ${String(doc.tax_id ?? 'none')}`));
  section('ERP projects', erp('Project').map((doc) => `${String(doc.name)} ${String(doc.project_name)} for ${String(doc.customer)}, billed by ${String(doc.company)}`));
  section('ERP sales orders (billing schedules)', erp('Sales Order').map((doc) => {
    const taxes = (doc.taxes as Doc[]).map((tax) => `${String(tax.description).split(' | ')[0]} at ${String(tax.rate)} %`).join('; ');
    const instalments = (doc.payment_schedule as Doc[]).length;
    return `${String(doc.name)} ${String(doc.project)} ${String(doc.company)}: net ${money(doc.net_total, doc.currency)}, tax ${money(doc.total_taxes_and_charges, doc.currency)} (${taxes}), ${instalments} instalments`;
  }));
  section('ERP sales invoices (drafts)', erp('Sales Invoice').map((doc) =>
    `${String(doc.name)} ${String(doc.company)} to ${String(doc.customer)}: ${String((doc.items as Doc[])[0]?.description)}, net ${money(doc.net_total, doc.currency)}, total ${money(doc.grand_total, doc.currency)}`));

  const stories = [...platform.psa.state.stories.values()];
  const roles = [...platform.psa.state.resources.values()];
  section('PSA workspaces (Kantata simulator)', [...platform.psa.state.workspaces.values()].map((workspace) => {
    const own = stories.filter((story) => story.workspace_id === workspace.id);
    const staffed = roles.filter((role) => role.workspace_id === workspace.id).map((role) => `${role.role_name} ${money(role.bill_rate_in_cents / 100, workspace.currency)}/${role.rate_unit}`);
    return `${workspace.id} ${workspace.title}: ${own.filter((story) => story.state === 'completed').length}/${own.length} milestones completed; roles ${staffed.join(', ') || 'none'}`;
  }));
}
