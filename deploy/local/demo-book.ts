// The demo data set: a professional-services firm's book as its CLM, CRM and PSA would keep it.
// The first part is a multi-country transformation engagement: a master agreement and statements
// of work for the client's entities in Germany, the United Kingdom and the United States. Then
// come a managed-services contract billed monthly, a fixed-fee advisory deal with milestones, and
// an amendment that raises a rate card. Amounts are decimal strings in each contract's currency.

export interface DemoWorkflow {
  key: string;
  title: string;
  template: string;
  attributes: Record<string, unknown>;
}

export interface DemoCompany {
  name: string;
  domain: string;
  country: string;
  vat_number?: string;
  industry: string;
}

// CRM companies. Two VAT numbers live only in the CRM, so activation fills them in.
export const DEMO_COMPANIES: DemoCompany[] = [
  { name: 'Hansa Maschinenbau AG', domain: 'hansa-maschinenbau.example', country: 'Germany', vat_number: 'DE129273398', industry: 'MACHINERY' },
  { name: 'Hansa Machinery UK Ltd', domain: 'hansa-machinery.example', country: 'United Kingdom', vat_number: 'GB123456782', industry: 'MACHINERY' },
  { name: 'Hansa Machinery Inc.', domain: 'hansa-machinery-us.example', country: 'United States', industry: 'MACHINERY' },
  { name: 'Pennine Foods plc', domain: 'penninefoods.example', country: 'United Kingdom', vat_number: 'GB987654321', industry: 'FOOD_PRODUCTION' },
  { name: 'Lumen Retail SAS', domain: 'lumen-retail.example', country: 'France', vat_number: 'FR40303265045', industry: 'RETAIL' },
];

const TRANSFORMATION_RATES = {
  EUR: [{ role: 'partner', unit: 'day', rate: '2600.00' }, { role: 'senior-consultant', unit: 'day', rate: '1500.00' }, { role: 'consultant', unit: 'day', rate: '1050.00' }],
  GBP: [{ role: 'partner', unit: 'day', rate: '2200.00' }, { role: 'senior-consultant', unit: 'day', rate: '1300.00' }],
  USD: [{ role: 'partner', unit: 'hour', rate: '450.00' }, { role: 'senior-consultant', unit: 'hour', rate: '260.00' }],
};

function counterparty(name: string, country: string, email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { counterpartyName: name, counterpartyCountry: country, counterpartyType: 'business', counterpartyEmail: email, ...extra };
}

// Not executed: a master agreement sets terms for the statements of work and bills nothing.
export const DEMO_MASTER_AGREEMENT: DemoWorkflow = {
  key: 'msa',
  title: 'Hansa Group: master services agreement for the operations transformation',
  template: 'master-services-agreement',
  attributes: { ...counterparty('Hansa Maschinenbau AG', 'DE', 'einkauf@hansa-maschinenbau.example'), agreementDate: '2027-01-04', expirationDate: '2029-12-31' },
};

export const DEMO_CONTRACTS: DemoWorkflow[] = [
  {
    key: 'sow-de',
    title: 'Hansa Group SOW 1 (DE): plant operations redesign',
    template: 'statement-of-work',
    attributes: {
      ...counterparty('Hansa Maschinenbau AG', 'DE', 'einkauf@hansa-maschinenbau.example'),
      contractValue: { amount: '285000.00', currency: 'EUR' }, serviceCategory: 'consulting',
      agreementDate: '2027-01-11', expirationDate: '2027-09-30', rateCard: TRANSFORMATION_RATES.EUR,
      lineItems: [
        { description: 'Operating model redesign (fixed fee)', billingType: 'fixed-fee', quantity: '1', unitPrice: '180000.00', amount: '180000.00' },
        { description: 'Senior consultant days for plant roll-outs', billingType: 'time-and-materials', role: 'senior-consultant', quantity: '70', unitPrice: '1500.00', amount: '105000.00' },
      ],
      milestones: [
        { name: 'Diagnostic report accepted', dueDate: '2027-02-26', amount: '60000.00' },
        { name: 'Target design signed off', dueDate: '2027-05-14', amount: '60000.00' },
        { name: 'First plant live', dueDate: '2027-08-27', amount: '60000.00' },
      ],
    },
  },
  {
    key: 'sow-gb',
    title: 'Hansa Group SOW 2 (GB): service network integration',
    template: 'statement-of-work',
    attributes: {
      ...counterparty('Hansa Machinery UK Ltd', 'GB', 'finance@hansa-machinery.example'),
      contractValue: { amount: '96000.00', currency: 'GBP' }, serviceCategory: 'consulting',
      agreementDate: '2027-02-01', expirationDate: '2027-07-31', rateCard: TRANSFORMATION_RATES.GBP,
      lineItems: [
        { description: 'Service network integration (fixed fee)', billingType: 'fixed-fee', quantity: '1', unitPrice: '70000.00', amount: '70000.00' },
        { description: 'Senior consultant days for depot migration', billingType: 'time-and-materials', role: 'senior-consultant', quantity: '20', unitPrice: '1300.00', amount: '26000.00' },
      ],
      milestones: [
        { name: 'Integration blueprint approved', dueDate: '2027-03-31', amount: '35000.00' },
        { name: 'Depots migrated', dueDate: '2027-06-30', amount: '35000.00' },
      ],
    },
  },
  {
    key: 'sow-us',
    title: 'Hansa Group SOW 3 (US): aftermarket pricing programme',
    template: 'statement-of-work',
    attributes: {
      ...counterparty('Hansa Machinery Inc.', 'US', 'ap@hansa-machinery-us.example', { counterpartySubdivision: 'US-IL' }),
      contractValue: { amount: '210000.00', currency: 'USD' }, serviceCategory: 'consulting',
      agreementDate: '2027-02-15', expirationDate: '2027-10-29', rateCard: TRANSFORMATION_RATES.USD,
      lineItems: [
        { description: 'Pricing programme design (fixed fee)', billingType: 'fixed-fee', quantity: '1', unitPrice: '158000.00', amount: '158000.00' },
        { description: 'Senior consultant hours for dealer pilots', billingType: 'time-and-materials', role: 'senior-consultant', quantity: '200', unitPrice: '260.00', amount: '52000.00' },
      ],
      milestones: [
        { name: 'Pricing baseline delivered', dueDate: '2027-04-16', amount: '79000.00' },
        { name: 'Dealer pilots complete', dueDate: '2027-09-17', amount: '79000.00' },
      ],
    },
  },
  {
    key: 'managed-services',
    title: 'Pennine Foods: managed finance operations service, 2027',
    template: 'managed-services-agreement',
    attributes: {
      ...counterparty('Pennine Foods plc', 'GB', 'payables@penninefoods.example'),
      contractValue: { amount: '216000.00', currency: 'GBP' }, serviceCategory: 'accounting',
      agreementDate: '2027-01-01', expirationDate: '2027-12-31',
      lineItems: [{ description: 'Managed finance operations, 12 months billed monthly', billingType: 'fixed-fee', quantity: '12', unitPrice: '18000.00', amount: '216000.00' }],
      milestones: Array.from({ length: 12 }, (_unused, month) => ({
        name: `Service month ${String(month + 1).padStart(2, '0')}`,
        dueDate: `2027-${String(month + 1).padStart(2, '0')}-28`,
        amount: '18000.00',
      })),
    },
  },
  {
    key: 'advisory',
    title: 'Lumen Retail: store network strategy (fixed fee)',
    template: 'statement-of-work',
    attributes: {
      ...counterparty('Lumen Retail SAS', 'FR', 'comptabilite@lumen-retail.example'),
      contractValue: { amount: '120000.00', currency: 'EUR' }, serviceCategory: 'consulting',
      agreementDate: '2027-03-01', expirationDate: '2027-06-30',
      lineItems: [{ description: 'Store network strategy (fixed fee)', billingType: 'fixed-fee', quantity: '1', unitPrice: '120000.00', amount: '120000.00' }],
      milestones: [
        { name: 'Market scan presented', dueDate: '2027-03-31', amount: '40000.00' },
        { name: 'Network options agreed', dueDate: '2027-05-14', amount: '40000.00' },
        { name: 'Strategy board approval', dueDate: '2027-06-25', amount: '40000.00' },
      ],
    },
  },
];

// Raises the senior consultant rate of SOW 1 from 1500 to 1600 a day for the remaining plant
// roll-outs, which lifts the contract value by 7000.00.
export function demoRateCardAmendment(amendedWorkflowId: string): DemoWorkflow {
  const sow = DEMO_CONTRACTS[0]!.attributes;
  return {
    key: 'amendment',
    title: 'Hansa Group SOW 1 (DE), amendment 1: senior consultant rate',
    template: 'contract-amendment',
    attributes: {
      amendedWorkflowId,
      contractValue: { amount: '292000.00', currency: 'EUR' },
      rateCard: TRANSFORMATION_RATES.EUR.map((entry) => (entry.role === 'senior-consultant' ? { ...entry, rate: '1600.00' } : entry)),
      lineItems: [
        (sow.lineItems as object[])[0],
        { description: 'Senior consultant days for plant roll-outs', billingType: 'time-and-materials', role: 'senior-consultant', quantity: '70', unitPrice: '1600.00', amount: '112000.00' },
      ],
    },
  };
}
