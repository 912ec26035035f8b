import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { gateway, tenantWithToken } from '../gateway/helpers.ts';

const customer = { country: 'CA', subdivision: 'QC', type: 'business', taxIdValidated: false };

function quoteBody(overrides: Record<string, unknown> = {}) {
  return {
    supplier: { legalEntity: 'CA01' },
    customer,
    serviceCategory: 'consulting',
    supplyDate: '2025-03-01',
    lines: [
      { description: 'Workshop', net: { amount: '1000.00', currency: 'CAD' } },
      { description: 'Travel day', net: { amount: '10.10', currency: 'CAD' } },
    ],
    ...overrides,
  };
}

describe('POST /v1/tax/quotes', () => {
  let token: string;

  before(async () => {
    const created = await tenantWithToken(['tax:quote']);
    token = created.token;
    const scope = { tenantId: created.tenant.id, region: created.tenant.region };
    await withTenant(scope, (transaction) => regionModels(scope.region).LegalEntity.create({
      id: randomUUID(), tenantId: scope.tenantId, code: 'CA01', name: 'Firm Canada Inc.', country: 'CA', currency: 'CAD', regionalHub: true, invoiceSeries: 'CA-',
    }, { transaction }));
  });

  const post = (body: unknown, bearer = token) => request(gateway()).post('/v1/tax/quotes').set('Authorization', `Bearer ${bearer}`).send(body as object);

  it('quotes each line with GST and QST apart', async () => {
    const response = await post(quoteBody()).expect(200);
    const [first, second] = response.body.lines;

    assert.equal(response.body.supplier.country, 'CA');
    assert.equal(first.treatment, 'standard');
    assert.equal(first.rate, '0.14975');
    assert.deepEqual(first.tax, { amount: '149.75', currency: 'CAD' });
    assert.deepEqual(first.components.map((component: { name: string }) => component.name), ['GST', 'QST']);
    assert.equal(first.taxCountry, 'CA-QC');
    assert.equal(first.trail.pack, 'ca');
    assert.deepEqual(second.tax, { amount: '1.52', currency: 'CAD' });
  });

  it('totals lines per currency', async () => {
    const lines = [...quoteBody().lines, { description: 'Licence', net: { amount: '200.00', currency: 'USD' } }];
    const response = await post(quoteBody({ lines })).expect(200);

    assert.deepEqual(response.body.totals, [
      { currency: 'CAD', net: '1010.10', tax: '151.27', gross: '1161.37' },
      { currency: 'USD', net: '200.00', tax: '29.95', gross: '229.95' },
    ]);
  });

  it('quotes from a supplier country', async () => {
    const body = quoteBody({ supplier: { country: 'DE' }, customer: { country: 'FR', type: 'business', taxId: 'FR123', taxIdValidated: true } });
    const response = await post(body).expect(200);

    assert.equal(response.body.lines[0].treatment, 'reverse-charge');
    assert.match(response.body.lines[0].notes[0], /Article 196/);
  });

  it('warns about an unvalidated EU business', async () => {
    const body = quoteBody({ supplier: { country: 'DE' }, customer: { country: 'FR', type: 'business', taxIdValidated: false } });
    const response = await post(body).expect(200);

    assert.equal(response.body.lines[0].treatment, 'standard');
    assert.match(response.body.lines[0].warnings[0], /not validated/);
  });

  it('names the line of a negative amount', async () => {
    const lines = [...quoteBody().lines, { description: 'Credit', net: { amount: '-5.00', currency: 'CAD' } }];
    const response = await post(quoteBody({ lines })).expect(400);

    assert.equal(String(response.headers['content-type']).split(';')[0], 'application/problem+json');
    assert.equal(response.body.errors[0].field, 'lines[2].net.amount');
    assert.match(response.body.errors[0].message, /negative/);
  });

  it('names an unknown legal entity', async () => {
    const response = await post(quoteBody({ supplier: { legalEntity: 'XX99' } })).expect(400);

    assert.equal(response.body.errors[0].field, 'supplier.legalEntity');
  });

  it('names a missing province', async () => {
    const response = await post(quoteBody({ customer: { country: 'CA', type: 'business', taxIdValidated: false } })).expect(400);

    assert.equal(response.body.errors[0].field, 'customer.subdivision');
  });

  it('names an invalid country', async () => {
    const response = await post(quoteBody({ customer: { ...customer, country: 'XX' } })).expect(400);

    assert.equal(response.body.errors[0].field, 'customer.country');
  });

  it('names an amount finer than its currency', async () => {
    const lines = [
      { description: 'Workshop', net: { amount: '100.004', currency: 'GBP' } },
      { description: 'Travel', net: { amount: '100.5', currency: 'JPY' } },
    ];
    for (const [index, line] of lines.entries()) {
      const response = await post(quoteBody({ lines: [line] })).expect(400);

      assert.equal(response.body.errors[0].field, 'lines[0].net.amount', `line ${index}`);
      assert.match(response.body.errors[0].message, new RegExp(`but ${line.net.currency} has ${line.net.currency === 'JPY' ? 0 : 2}`));
    }
  });

  it('names an unsupported currency', async () => {
    const lines = [{ description: 'Workshop', net: { amount: '10.00', currency: 'ABC' } }];
    const response = await post(quoteBody({ lines })).expect(400);

    assert.equal(response.body.errors[0].field, 'lines[0].net.currency');
  });

  it('requires the tax:quote scope', async () => {
    const { token: other } = await tenantWithToken(['customers:read']);

    await post(quoteBody(), other).expect(403);
  });
});
