import { erpNextRecordUrl } from '../../connectors/erp/erpnext-links.ts';
import { erpClient } from '../connector-clients.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { externalRefFor, recordExternalRef } from '../lineage.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedContract } from './load-contract.ts';

export interface ErpCustomer {
  erpCustomer: string;
  created: boolean;
}

// Makes sure the customer exists in the ERP. The lineage is checked first (and the record it names
// confirmed), then the ERP itself by name and tax id, so a retry after a timeout finds the
// customer it created instead of adding one.
export const upsertErpCustomer: Step<ErpCustomer> = {
  name: 'upsert-erp-customer',
  effect: { objectType: 'customer', system: 'erp' },

  async run(context) {
    const { scope, run } = context;
    const { contractId, customerId } = outputOf<LoadedContract>(context, 'load-contract');
    const { client, connector } = await erpClient(context);
    const known = await externalRefFor(context, 'customer', customerId, 'erp');
    // The lineage can outlive the record (deleted in the ERP, or an ERP restored from an older
    // backup), so a link counts only while the ERP still has the customer.
    if (known && await client.findCustomerByDocumentName(known.externalId)) {
      return { output: { erpCustomer: known.externalId, created: false } };
    }
    if (known) context.log.warn({ erpCustomer: known.externalId }, 'the linked ERP customer no longer exists; looking it up or creating it again');

    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    const { customer } = terms;

    const found = await client.findCustomer({ name: customer.name, ...(customer.taxId ? { taxId: customer.taxId } : {}) });
    const record = found ?? await client.createCustomer({
      customer_name: customer.name,
      customer_type: customer.customerType === 'business' ? 'Company' : 'Individual',
      customer_group: customer.customerType === 'business' ? 'Commercial' : 'Individual',
      territory: customer.country,
      ...(customer.taxId ? { tax_id: customer.taxId } : {}),
    });

    return { output: { erpCustomer: record.name, created: !found }, writes: (transaction) => recordExternalRef(scope, transaction, {
        contractId,
        objectType: 'customer',
        objectId: customerId,
        system: 'erp',
        connectorId: connector.id,
        externalId: record.name,
        externalUrl: erpNextRecordUrl(connector.baseUrl, 'Customer', record.name),
        runId: run.id,
        stepName: 'upsert-erp-customer',
      }) };
  },
};
