import type { Client } from 'openapi-fetch';
import type { paths } from './v1-paths.ts';

// A partner's contract flow on version 1, written against types generated from the served
// document, so a change to the document that breaks a partner breaks this file's type check.
export async function runFlowV1(client: Client<paths>, idempotencyKey: string) {
  const customer = await client.POST('/customers', {
    params: { header: { 'Idempotency-Key': idempotencyKey } },
    body: { name: 'Partner Flow GmbH', country: 'DE', type: 'business' },
  });
  if (!customer.data) throw new Error(`createCustomer failed with ${customer.response.status}`);

  const created = await client.POST('/contracts', {
    body: {
      customerId: customer.data.id,
      title: 'Partner flow engagement',
      currency: 'EUR',
      totalValue: '5000.00',
      serviceCategory: 'consulting',
      startDate: '2027-02-01',
      status: 'draft',
      rateCard: [{ role: 'consultant', unit: 'day', rate: '1000.00' }],
      lines: [{ description: 'Workshop', billingType: 'time-and-materials', role: 'consultant', quantity: '5', unitPrice: '1000.00', amount: '5000.00' }],
      milestones: [],
    },
  });
  if (!created.data) throw new Error(`createContract failed with ${created.response.status}`);

  const read = await client.GET('/contracts/{id}', { params: { path: { id: created.data.id } } });
  const page = await client.GET('/contracts', { params: { query: { customerId: customer.data.id, limit: 10 } } });
  const retry = await client.POST('/customers', {
    params: { header: { 'Idempotency-Key': idempotencyKey } },
    body: { name: 'Partner Flow GmbH', country: 'DE', type: 'business' },
  });
  return {
    customerId: customer.data.id,
    retriedCustomerId: retry.data?.id,
    totalValue: read.data?.totalValue,
    lineRole: read.data?.lines[0]?.role,
    listed: page.data?.data.map((contract) => contract.id) ?? [],
  };
}
