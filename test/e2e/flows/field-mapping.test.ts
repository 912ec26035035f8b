import assert from 'node:assert/strict';
import { saveMappingVersion } from '../../../services/core/connector-mappings.ts';
import { findConnectorBySlug } from '../../../services/core/connector-registry.ts';
import { startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { executeWorkflow, exampleWorkflow, finishedRuns, tenantRows } from './flow-helpers.ts';

// A firm whose CLM names the customer field differently: the connector's JSONata mapping puts it
// under the attribute the contract reader expects, and a mapping that breaks a field stops the
// run with an exception naming that field.
describe('connector field mappings, end to end', function () {
  this.timeout(60_000);
  let platform: RunningPlatform;
  let connectorId: string;

  before(async () => {
    platform = await startPlatform();
    connectorId = (await findConnectorBySlug(platform.tenant, 'ironclad'))!.id;
  });

  after(async () => {
    await platform?.close();
  });

  function renamedWorkflow(title: string) {
    const workflow = exampleWorkflow();
    const { counterpartyName, ...rest } = workflow.attributes;
    return { ...workflow, title, attributes: { ...rest, customerLegalName: counterpartyName } };
  }

  it('maps a renamed field with the newest version', async () => {
    await saveMappingVersion(platform.tenant.tenantId, connectorId, '{"counterpartyName": "ignored"}', null, 'e2e');
    await saveMappingVersion(platform.tenant.tenantId, connectorId, '{"counterpartyName": attributes.customerLegalName}', null, 'e2e');
    await executeWorkflow(platform, renamedWorkflow('Mapped workflow'));

    const [run] = await finishedRuns(platform, 'contract-activation');
    assert.equal(run!.status, 'completed', run!.error ?? '');
    assert.equal(platform.erp.store.list('Customer')[0]!.customer_name, 'Northwind Logistics SARL');
  });

  it('names the field a mapping breaks', async () => {
    await saveMappingVersion(platform.tenant.tenantId, connectorId, '{"counterpartyName": attributes.customerLegalName, "counterpartyCountry": "France"}', null, 'e2e');
    await executeWorkflow(platform, renamedWorkflow('Badly mapped workflow'));

    const runs = await finishedRuns(platform, 'contract-activation', 2);
    const failed = runs[1]!;
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /counterpartyCountry must be an ISO 3166-1 alpha-2 code such as DE, got "France"/);
    const [exception] = await tenantRows<{ stepName: string }>(platform, 'SELECT step_name AS "stepName" FROM workflow_exceptions WHERE run_id = :id', { id: failed.id });
    assert.equal(exception!.stepName, 'load-contract');
  });

  it('names the mapping version that fails to evaluate', async () => {
    await saveMappingVersion(platform.tenant.tenantId, connectorId, '$number(attributes.customerLegalName)', null, 'e2e');
    await executeWorkflow(platform, renamedWorkflow('Unmappable workflow'));

    const runs = await finishedRuns(platform, 'contract-activation', 3);
    assert.equal(runs[2]!.status, 'failed');
    assert.match(runs[2]!.error ?? '', /Mapping version 4 of connector ironclad failed on workflow/);
  });
});
