import type { Transaction } from 'sequelize';
import type { HubSpotCompany } from '../../connectors/crm/hubspot.ts';
import { regionModels, type CustomerRow } from '../../core/models/region.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { recordExternalRef } from '../lineage.ts';
import { crmClient } from '../outside-clients.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedContract } from './load-contract.ts';

export interface CrmEnrichment {
  crmCompanyId: string | null;
  // Customer fields the CRM filled in because the contract left them empty.
  filled: string[];
  skipped?: string;
}

// Looks the customer up in the CRM, by the domain of its billing email and then by name, and
// fills in what the contract left out (the VAT number). The contract wins where both have a
// value, because it is the signed record. The CRM company id goes into the lineage. A CRM that
// is down fails the step with a transient error, so the run retries before it goes on.
export const enrichFromCrm: Step<CrmEnrichment> = {
  name: 'enrich-from-crm',

  async run(context) {
    const { scope, run } = context;
    const { contractId, customerId } = outputOf<LoadedContract>(context, 'load-contract');
    const crm = await crmClient(context);
    if (!crm) return { output: { crmCompanyId: null, filled: [], skipped: 'the tenant has no active CRM connector' } };

    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    const company = await findCompany(crm.client, terms.customer);
    if (!company) {
      context.log.info({ customerId, connectorId: crm.connector.id }, 'customer not found in the CRM; continuing with the contract data');
      return { output: { crmCompanyId: null, filled: [] } };
    }

    const changes = fillFromCompany(terms.customer, company);
    const output = { crmCompanyId: company.id, filled: Object.keys(changes) };
    const recordLink = (transaction: Transaction) => recordExternalRef(scope, transaction, {
      contractId, objectType: 'customer', objectId: customerId, system: 'crm', connectorId: crm.connector.id,
      externalId: company.id, externalUrl: null, runId: run.id, stepName: 'enrich-from-crm',
    });
    if (output.filled.length === 0) return { output, writes: recordLink };

    // The entity and tax steps must read the enriched customer, so the update commits before
    // they run (a persist result), and this delivery's cached terms are dropped.
    return { persist: async (transaction) => {
      await regionModels(scope.region).Customer.update({ ...changes, updatedAt: new Date() }, { where: { id: customerId }, transaction });
      context.memo?.delete(`terms:${contractId}`);
      await recordLink(transaction);
      return output;
    } };
  },
};

async function findCompany(client: { searchCompanies: (property: 'domain' | 'name', value: string) => Promise<HubSpotCompany[]> }, customer: CustomerRow): Promise<HubSpotCompany | undefined> {
  const domain = customer.email?.split('@')[1];
  if (domain) {
    const [byDomain] = await client.searchCompanies('domain', domain);
    if (byDomain) return byDomain;
  }
  const [byName] = await client.searchCompanies('name', customer.name);
  return byName;
}

function fillFromCompany(customer: CustomerRow, company: HubSpotCompany): Partial<CustomerRow> {
  const changes: Partial<CustomerRow> = {};
  const vatNumber = company.properties.vat_number?.trim();
  if (!customer.taxId && vatNumber) changes.taxId = vatNumber;
  return changes;
}
