import type { TaxQuote, TaxQuoteInput } from '../../../services/rules/index.ts';

// Cases checked by hand against published rates and rules. Each names its source, so a failing
// row can be checked against the authority rather than against the pack under test.

export interface TaxCase {
  name: string;
  input: TaxQuoteInput;
  expected: Pick<TaxQuote, 'treatment' | 'rate' | 'taxCountry'> & { tax: string; note?: string; warning?: string; components?: [string, string][] };
  source: string;
}

type Party = { country: string; subdivision?: string };
type Customer = Party & { type?: 'business' | 'consumer'; taxId?: string; taxIdValidated?: boolean };

export function line(supplier: Party, customer: Customer, options: Partial<Pick<TaxQuoteInput, 'serviceCategory' | 'supplyDate'>> & { amount?: string; currency?: string } = {}): TaxQuoteInput {
  return {
    supplier,
    customer: { type: 'business', taxIdValidated: false, ...customer },
    serviceCategory: options.serviceCategory ?? 'consulting',
    net: { amount: options.amount ?? '1000.00', currency: options.currency ?? 'EUR' },
    supplyDate: options.supplyDate ?? '2025-03-01',
  };
}

const DIRECTIVE = 'Council Directive 2006/112/EC, Articles 44, 45, 59 and 196 (EUR-Lex)';
const TEDB = 'European Commission, Taxes in Europe Database, VAT rates applied in the Member States';
const REVERSE_CHARGE_NOTE = 'Reverse charge: VAT to be accounted for by the recipient, Article 196 Council Directive 2006/112/EC';
const validated = { type: 'business' as const, taxId: 'VAT-123', taxIdValidated: true };

export const EU_STANDARD_RATES: [string, string, string][] = [
  ['AT', '0.20', '200.00'], ['BE', '0.21', '210.00'], ['BG', '0.20', '200.00'], ['HR', '0.25', '250.00'],
  ['CY', '0.19', '190.00'], ['CZ', '0.21', '210.00'], ['DK', '0.25', '250.00'], ['EE', '0.22', '220.00'],
  ['FI', '0.255', '255.00'], ['FR', '0.20', '200.00'], ['DE', '0.19', '190.00'], ['GR', '0.24', '240.00'],
  ['HU', '0.27', '270.00'], ['IE', '0.23', '230.00'], ['IT', '0.22', '220.00'], ['LV', '0.21', '210.00'],
  ['LT', '0.21', '210.00'], ['LU', '0.17', '170.00'], ['MT', '0.18', '180.00'], ['NL', '0.21', '210.00'],
  ['PL', '0.23', '230.00'], ['PT', '0.23', '230.00'], ['RO', '0.19', '190.00'], ['SK', '0.23', '230.00'],
  ['SI', '0.22', '220.00'], ['ES', '0.21', '210.00'], ['SE', '0.25', '250.00'],
];

// Domestic B2B and B2C in every member state on 2025-03-01, before the Estonian and Romanian changes.
const euDomestic: TaxCase[] = EU_STANDARD_RATES.flatMap(([country, rate, tax]) => [
  {
    name: `${country} domestic B2B standard rate`,
    input: line({ country }, { country }),
    expected: { treatment: 'standard', rate, taxCountry: country, tax },
    source: `${TEDB} (2025)`,
  },
  {
    name: `${country} domestic B2C standard rate`,
    input: line({ country }, { country, type: 'consumer' }, { serviceCategory: 'legal' }),
    expected: { treatment: 'standard', rate, taxCountry: country, tax },
    source: `${TEDB} (2025)`,
  },
]);

// Each member state supplying a validated business in another member state reverses the charge.
const euReverseCharge: TaxCase[] = EU_STANDARD_RATES.map(([country]) => {
  const customer = country === 'DE' ? 'AT' : 'DE';
  return {
    name: `${country} to ${customer} B2B reverse charge`,
    input: line({ country }, { country: customer, ...validated }, { serviceCategory: 'accounting' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: customer, tax: '0.00', note: REVERSE_CHARGE_NOTE },
    source: DIRECTIVE,
  };
});

const rateChanges: TaxCase[] = [
  ['EE', '2025-06-30', '0.22', '220.00'], ['EE', '2025-07-01', '0.24', '240.00'],
  ['EE', '2023-12-31', '0.20', '200.00'], ['EE', '2024-01-01', '0.22', '220.00'],
  ['FI', '2024-08-31', '0.24', '240.00'], ['FI', '2024-09-01', '0.255', '255.00'],
  ['SK', '2024-12-31', '0.20', '200.00'], ['SK', '2025-01-01', '0.23', '230.00'],
  ['DE', '2020-06-30', '0.19', '190.00'], ['DE', '2020-07-01', '0.16', '160.00'],
  ['DE', '2020-12-31', '0.16', '160.00'], ['DE', '2021-01-01', '0.19', '190.00'],
  ['LU', '2022-12-31', '0.17', '170.00'], ['LU', '2023-01-01', '0.16', '160.00'],
  ['LU', '2023-12-31', '0.16', '160.00'], ['LU', '2024-01-01', '0.17', '170.00'],
  ['RO', '2025-07-31', '0.19', '190.00'], ['RO', '2025-08-01', '0.21', '210.00'],
  ['IE', '2020-08-31', '0.23', '230.00'], ['IE', '2020-09-01', '0.21', '210.00'],
  ['IE', '2021-02-28', '0.21', '210.00'], ['IE', '2021-03-01', '0.23', '230.00'],
  ['GR', '2016-05-31', '0.23', '230.00'], ['GR', '2016-06-01', '0.24', '240.00'],
].map(([country, supplyDate, rate, tax]) => ({
  name: `${country} rate on ${supplyDate}`,
  input: line({ country: country! }, { country: country! }, { supplyDate }),
  expected: { treatment: 'standard', rate: rate!, taxCountry: country!, tax: tax! },
  source: `${TEDB}; national announcements of the change in force from the later date`,
}));

const euCrossBorder: TaxCase[] = [
  {
    name: 'DE to FR B2C consulting',
    input: line({ country: 'DE' }, { country: 'FR', type: 'consumer' }),
    expected: { treatment: 'standard', rate: '0.19', taxCountry: 'DE', tax: '190.00' },
    source: `${DIRECTIVE}: Article 45 places general B2C services where the supplier is established`,
  },
  {
    name: 'DE to FR B2C IT services warns about OSS',
    input: line({ country: 'DE' }, { country: 'FR', type: 'consumer' }, { serviceCategory: 'it-services' }),
    expected: { treatment: 'standard', rate: '0.19', taxCountry: 'DE', tax: '190.00', warning: 'One-Stop Shop' },
    source: `${DIRECTIVE}, Article 58 for electronically supplied services`,
  },
  {
    name: 'DE to FR business without VAT id',
    input: line({ country: 'DE' }, { country: 'FR', type: 'business', taxIdValidated: false }),
    expected: { treatment: 'standard', rate: '0.19', taxCountry: 'DE', tax: '190.00', warning: 'not validated' },
    source: 'Council Implementing Regulation (EU) No 282/2011, Article 18',
  },
  {
    name: 'FR to DE B2B reverse charge',
    input: line({ country: 'FR' }, { country: 'DE', ...validated }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'DE', tax: '0.00', note: REVERSE_CHARGE_NOTE },
    source: DIRECTIVE,
  },
  {
    name: 'DE to US business export',
    input: line({ country: 'DE' }, { country: 'US', subdivision: 'NY' }, { currency: 'USD' }),
    expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US', tax: '0.00', note: 'Article 44' },
    source: DIRECTIVE,
  },
  {
    name: 'FR to JP consumer export',
    input: line({ country: 'FR' }, { country: 'JP', type: 'consumer' }, { serviceCategory: 'legal' }),
    expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'JP', tax: '0.00', note: 'Article 59' },
    source: `${DIRECTIVE}: Article 59 places lawyers' services to consumers outside the EU where the customer lives`,
  },
  {
    name: 'DE to GB business after Brexit',
    input: line({ country: 'DE' }, { country: 'GB' }, { currency: 'GBP' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'GB', tax: '0.00', note: 'section 8 VAT Act 1994' },
    source: 'HMRC VAT Notice 741A, reverse charge on services received from abroad',
  },
  {
    name: 'DE to GB business before Brexit',
    input: line({ country: 'DE' }, { country: 'GB', ...validated }, { supplyDate: '2020-12-31' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'GB', tax: '0.00', note: REVERSE_CHARGE_NOTE },
    source: 'EU-UK withdrawal agreement: EU VAT rules applied to the UK until 31 December 2020',
  },
  {
    name: 'US to DE business import reverse charge',
    input: line({ country: 'US', subdivision: 'NY' }, { country: 'DE' }, { currency: 'USD' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'DE', tax: '0.00', note: REVERSE_CHARGE_NOTE },
    source: DIRECTIVE,
  },
  {
    name: 'US to DE consumer is outside EU VAT',
    input: line({ country: 'US', subdivision: 'NY' }, { country: 'DE', type: 'consumer' }, { currency: 'USD' }),
    expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'DE', tax: '0.00' },
    source: `${DIRECTIVE}: Article 45 places general B2C services where the supplier is established`,
  },
];

const HMRC = 'HMRC, VAT rates and VAT Notice 741A Place of supply of services';
const gb: TaxCase[] = [
  {
    name: 'GB domestic B2B 20%',
    input: line({ country: 'GB' }, { country: 'GB' }, { currency: 'GBP' }),
    expected: { treatment: 'standard', rate: '0.20', taxCountry: 'GB', tax: '200.00' },
    source: HMRC,
  },
  {
    name: 'GB domestic B2C 20%',
    input: line({ country: 'GB' }, { country: 'GB', type: 'consumer' }, { currency: 'GBP', serviceCategory: 'legal' }),
    expected: { treatment: 'standard', rate: '0.20', taxCountry: 'GB', tax: '200.00' },
    source: HMRC,
  },
  {
    name: 'GB to US business export',
    input: line({ country: 'GB' }, { country: 'US', subdivision: 'CA' }, { currency: 'GBP' }),
    expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US', tax: '0.00', note: 'section 7A' },
    source: HMRC,
  },
  {
    name: 'GB to US consumer export',
    input: line({ country: 'GB' }, { country: 'US', type: 'consumer' }, { currency: 'GBP', serviceCategory: 'accounting' }),
    expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US', tax: '0.00', note: 'Schedule 4A' },
    source: `${HMRC}, Schedule 4A paragraph 16 services`,
  },
  {
    name: 'GB to FR business reverse charge',
    input: line({ country: 'GB' }, { country: 'FR', ...validated }, { currency: 'EUR' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'FR', tax: '0.00', note: REVERSE_CHARGE_NOTE },
    source: `${HMRC}; ${DIRECTIVE}`,
  },
  {
    name: 'US to GB business reverse charge',
    input: line({ country: 'US', subdivision: 'NY' }, { country: 'GB' }, { currency: 'USD' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'GB', tax: '0.00', note: 'section 8 VAT Act 1994' },
    source: HMRC,
  },
];

const us = (state: string, serviceCategory: TaxQuoteInput['serviceCategory'], supplyDate = '2025-03-01') =>
  line({ country: 'US', subdivision: 'NY' }, { country: 'US', subdivision: state }, { currency: 'USD', serviceCategory, supplyDate });

const usCases: TaxCase[] = [
  { name: 'US to CA consulting not taxed', input: us('CA', 'consulting'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-CA', tax: '0.00' }, source: 'Federation of Tax Administrators, Sales Taxation of Services' },
  { name: 'US to FL legal not taxed', input: us('FL', 'legal'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-FL', tax: '0.00' }, source: 'Federation of Tax Administrators, Sales Taxation of Services' },
  { name: 'US to NY consulting not taxed', input: us('NY', 'consulting'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-NY', tax: '0.00', warning: 'Information services' }, source: 'NY DTF TSB-A-12(22)S' },
  { name: 'US to HI consulting GET 4%', input: us('HI', 'consulting'), expected: { treatment: 'standard', rate: '0.04', taxCountry: 'US-HI', tax: '40.00' }, source: 'Hawaii Department of Taxation, general excise tax 4%' },
  { name: 'US to NM legal GRT 4.875%', input: us('NM', 'legal'), expected: { treatment: 'standard', rate: '0.04875', taxCountry: 'US-NM', tax: '48.75' }, source: 'New Mexico TRD, state GRT rate from 1 July 2023' },
  { name: 'US to NM legal GRT 5% in 2022', input: us('NM', 'legal', '2023-06-30'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'US-NM', tax: '50.00' }, source: 'New Mexico TRD, state GRT rate from 1 July 2022' },
  { name: 'US to SD accounting 4.2%', input: us('SD', 'accounting'), expected: { treatment: 'standard', rate: '0.042', taxCountry: 'US-SD', tax: '42.00' }, source: 'AICPA, Sales Tax on Accounting Services; SD DOR rate from 1 July 2023' },
  { name: 'US to SD legal 4.5% in 2023', input: us('SD', 'legal', '2023-06-30'), expected: { treatment: 'standard', rate: '0.045', taxCountry: 'US-SD', tax: '45.00' }, source: 'SD DOR attorney services fact sheet' },
  { name: 'US to TX IT at 80% of 6.25%', input: us('TX', 'it-services'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'US-TX', tax: '50.00' }, source: 'Texas Comptroller, 34 TAC 3.330 and Tax Code 151.351' },
  { name: 'US to TX consulting not taxed', input: us('TX', 'consulting'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-TX', tax: '0.00' }, source: 'Texas Comptroller, 34 TAC 3.330' },
  { name: 'US to CT consulting 6.35%', input: us('CT', 'consulting'), expected: { treatment: 'standard', rate: '0.0635', taxCountry: 'US-CT', tax: '63.50' }, source: 'Connecticut DRS, Services Subject to Sales and Use Taxes' },
  { name: 'US to CT IT services 1%', input: us('CT', 'it-services'), expected: { treatment: 'standard', rate: '0.01', taxCountry: 'US-CT', tax: '10.00' }, source: 'Connecticut DRS, Services Subject to Sales and Use Taxes' },
  { name: 'US to CT legal not taxed', input: us('CT', 'legal'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-CT', tax: '0.00' }, source: 'Connecticut DRS, Services Subject to Sales and Use Taxes' },
  { name: 'US to WV legal exempt', input: us('WV', 'legal'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-WV', tax: '0.00' }, source: 'W. Va. Code R. 110-15-8' },
  { name: 'US to WV consulting 6%', input: us('WV', 'consulting'), expected: { treatment: 'standard', rate: '0.06', taxCountry: 'US-WV', tax: '60.00' }, source: 'W. Va. Code 11-15A-2 and R. 110-15-8' },
  { name: 'US to GB consumer no tax', input: line({ country: 'US', subdivision: 'TX' }, { country: 'GB', type: 'consumer' }, { currency: 'USD' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'GB', tax: '0.00' }, source: 'HMRC VAT Notice 741A' },
];

const rounding: TaxCase[] = [
  ['0.05', '0.01'], ['0.02', '0.00'], ['2.50', '0.48'], ['10.05', '1.91'], ['0.03', '0.01'], ['1234.56', '234.57'],
].map(([amount, tax]) => ({
  name: `DE rounds ${amount} half-up`,
  input: line({ country: 'DE' }, { country: 'DE' }, { amount: amount! }),
  expected: { treatment: 'standard', rate: '0.19', taxCountry: 'DE', tax: tax! },
  source: 'Section 14(4) UStG: tax shown per line, rounded commercially (half-up) to the cent',
}));

const jpyRounding: TaxCase = {
  name: 'DE line in JPY rounds to whole yen',
  input: line({ country: 'DE' }, { country: 'DE' }, { amount: '1003', currency: 'JPY' }),
  expected: { treatment: 'standard', rate: '0.19', taxCountry: 'DE', tax: '191' },
  source: 'ISO 4217: JPY has no minor unit; 1003 x 0.19 = 190.57',
};

const beyondEu: TaxCase[] = [
  ['SG', 'SGD', '2022-12-31', '0.07', '70.00', 'IRAS, GST Rate Change for Businesses'],
  ['SG', 'SGD', '2023-01-01', '0.08', '80.00', 'IRAS, GST Rate Change for Businesses'],
  ['SG', 'SGD', '2023-12-31', '0.08', '80.00', 'IRAS, GST Rate Change for Businesses'],
  ['SG', 'SGD', '2024-01-01', '0.09', '90.00', 'IRAS, GST Rate Change for Businesses'],
  ['CH', 'CHF', '2023-12-31', '0.077', '77.00', 'Swiss Federal Tax Administration, VAT rates from 1 January 2024'],
  ['CH', 'CHF', '2024-01-01', '0.081', '81.00', 'Swiss Federal Tax Administration, VAT rates from 1 January 2024'],
  ['JP', 'JPY', '2019-09-30', '0.08', '80', 'National Tax Agency, consumption tax rate from 1 October 2019'],
  ['JP', 'JPY', '2019-10-01', '0.10', '100', 'National Tax Agency, consumption tax rate from 1 October 2019'],
  ['SA', 'SAR', '2020-06-30', '0.05', '50.00', 'ZATCA, VAT rate 15% from 1 July 2020'],
  ['SA', 'SAR', '2020-07-01', '0.15', '150.00', 'ZATCA, VAT rate 15% from 1 July 2020'],
  ['NO', 'NOK', '2025-03-01', '0.25', '250.00', 'Skatteetaten, VAT rates'],
  ['AU', 'AUD', '2025-03-01', '0.10', '100.00', 'ATO, GST'],
  ['NZ', 'NZD', '2025-03-01', '0.15', '150.00', 'Inland Revenue, GST'],
  ['AE', 'AED', '2025-03-01', '0.05', '50.00', 'Federal Tax Authority, VAT'],
  ['IN', 'INR', '2025-03-01', '0.18', '180.00', 'CBIC, GST rates for services'],
].map(([country, currency, supplyDate, rate, tax, source]) => ({
  name: `${country} domestic rate on ${supplyDate}`,
  input: line({ country: country! }, { country: country! }, { currency, supplyDate, amount: '1000' }),
  expected: { treatment: 'standard', rate: rate!, taxCountry: country!, tax: tax! },
  source: source!,
}));

const ca = (province: string, supplyDate = '2025-03-01') =>
  line({ country: 'CA', subdivision: 'ON' }, { country: 'CA', subdivision: province }, { currency: 'CAD', supplyDate });
const CRA = 'Canada Revenue Agency, GST/HST rates by province';

const canada: TaxCase[] = [
  { name: 'CA to ON HST 13%', input: ca('ON'), expected: { treatment: 'standard', rate: '0.13', taxCountry: 'CA-ON', tax: '130.00' }, source: CRA },
  { name: 'CA to AB GST 5%', input: ca('AB'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-AB', tax: '50.00' }, source: CRA },
  { name: 'CA to BC GST with PST warning', input: ca('BC'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-BC', tax: '50.00', warning: 'British Columbia' }, source: CRA },
  { name: 'CA to QC GST and QST', input: ca('QC'), expected: { treatment: 'standard', rate: '0.14975', taxCountry: 'CA-QC', tax: '149.75' }, source: 'Revenu Quebec, QST 9.975%' },
  { name: 'CA to NS HST before the cut', input: ca('NS', '2025-03-31'), expected: { treatment: 'standard', rate: '0.15', taxCountry: 'CA-NS', tax: '150.00' }, source: CRA },
  { name: 'CA to NS HST after the cut', input: ca('NS', '2025-04-01'), expected: { treatment: 'standard', rate: '0.14', taxCountry: 'CA-NS', tax: '140.00' }, source: CRA },
  { name: 'CA to PE HST 15%', input: ca('PE'), expected: { treatment: 'standard', rate: '0.15', taxCountry: 'CA-PE', tax: '150.00' }, source: CRA },
  {
    name: 'CA to US export zero-rated',
    input: line({ country: 'CA', subdivision: 'ON' }, { country: 'US', subdivision: 'WA' }, { currency: 'CAD' }),
    expected: { treatment: 'zero-rated', rate: '0', taxCountry: 'US', tax: '0.00', note: 'Schedule VI Part V' },
    source: 'Excise Tax Act, Schedule VI Part V',
  },
];

const otherCrossBorder: TaxCase[] = [
  {
    name: 'DE to CH business acquisition tax',
    input: line({ country: 'DE' }, { country: 'CH' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'CH', tax: '0.00', note: 'Article 45 MWSTG' },
    source: 'Swiss Federal Act on Value Added Tax, Article 45',
  },
  {
    name: 'SG to AU business export and reverse charge',
    input: line({ country: 'SG' }, { country: 'AU' }, { currency: 'SGD' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'AU', tax: '0.00', note: 'section 21(3)' },
    source: 'Singapore GST Act 1993, section 21(3); ATO, Explanatory Memorandum to the Tax and Superannuation Laws Amendment (2016 Measures No. 1) Bill 2016 (reverse charge by the Australian recipient)',
  },
  {
    name: 'IN legal B2B reverse charge',
    input: line({ country: 'IN' }, { country: 'IN' }, { currency: 'INR', serviceCategory: 'legal' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'IN', tax: '0.00', note: '13/2017' },
    source: 'CBIC Notification No. 13/2017-Central Tax (Rate)',
  },
  {
    name: 'GB to AE business reverse charge',
    input: line({ country: 'GB' }, { country: 'AE' }, { currency: 'GBP' }),
    expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'AE', tax: '0.00', note: 'Article 48' },
    source: 'UAE Federal Decree-Law No. 8 of 2017, Article 48',
  },
  {
    name: 'JP rounds consumption tax down',
    input: line({ country: 'JP' }, { country: 'JP' }, { currency: 'JPY', amount: '1009' }),
    expected: { treatment: 'standard', rate: '0.10', taxCountry: 'JP', tax: '100' },
    source: 'National Tax Agency: fractions below one yen may be rounded down; 1009 x 0.10 = 100.9',
  },
];

export const BASE_TAX_CASES: TaxCase[] = [
  ...euDomestic, ...euReverseCharge, ...rateChanges, ...euCrossBorder, ...gb, ...usCases, ...rounding, jpyRounding,
  ...beyondEu, ...canada, ...otherCrossBorder,
];
