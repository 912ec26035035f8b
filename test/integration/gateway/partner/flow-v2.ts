import type { Client } from 'openapi-fetch';
import type { paths } from './v2-paths.ts';

// The same partner flow on version 2: money objects and lines that bill by a rate card role.
export async function runFlowV2(client: Client<paths>) {
  const customer = await client.POST('/customers', { body: { name: 'Partner Flow Ltd', country: 'GB', type: 'business' } });
  if (!customer.data) throw new Error(`createCustomer failed with ${customer.response.status}`);

  const gbp = (amount: string) => ({ amount, currency: 'GBP' });
  const created = await client.POST('/contracts', {
    body: {
      customerId: customer.data.id,
      title: 'Partner flow engagement',
      total: gbp('3000.00'),
      serviceCategory: 'legal',
      startDate: '2027-03-01',
      status: 'draft',
      rateCard: [{ role: 'partner', unit: 'hour', rate: gbp('300.00') }],
      lines: [{ description: 'Advice', billingType: 'time-and-materials', rateCardRole: 'partner', quantity: '10', unitPrice: gbp('300.00'), amount: gbp('3000.00') }],
      milestones: [],
    },
  });
  if (!created.data) throw new Error(`createContract failed with ${created.response.status}`);

  const read = await client.GET('/contracts/{id}', { params: { path: { id: created.data.id } } });
  // A line may bill only by a role of the contract's own rate card.
  const rejected = await client.POST('/contracts', {
    body: {
      customerId: customer.data.id,
      title: 'Unknown role',
      total: gbp('300.00'),
      serviceCategory: 'legal',
      startDate: '2027-03-01',
      rateCard: [],
      lines: [{ description: 'Advice', billingType: 'time-and-materials', rateCardRole: 'associate', quantity: '1', unitPrice: gbp('300.00'), amount: gbp('300.00') }],
      milestones: [],
    },
  });
  return {
    contractId: created.data.id,
    total: read.data?.total,
    lineEntryId: read.data?.lines[0]?.rateCardEntryId,
    rateCardEntryId: read.data?.rateCard[0]?.id,
    rejectedStatus: rejected.response.status,
    rejectedCode: (rejected.error as { code?: string } | undefined)?.code,
  };
}
