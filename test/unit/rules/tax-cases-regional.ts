import type { TaxQuoteInput } from '../../../services/rules/index.ts';
import { BASE_TAX_CASES, EU_STANDARD_RATES, line, type TaxCase } from './tax-cases.ts';

// More cases checked by hand against published rates and rules: Canadian provincial taxes shown
// apart, more US states, imports into AU, NZ, SG and JP, the UK before 2021, Belgian lawyers
// before 2014, and half-cent rounding. Each names its source in its data.

const DIRECTIVE = 'Council Directive 2006/112/EC, Articles 44, 45 and 59 (EUR-Lex)';
const TEDB = 'European Commission, Taxes in Europe Database, VAT rates applied in the Member States';

// Each member state supplying a consumer in another member state charges its own rate (Article 45).
const euIntraConsumer: TaxCase[] = EU_STANDARD_RATES.map(([country, rate, tax]) => {
  const customer = country === 'FR' ? 'BE' : 'FR';
  return {
    name: `${country} to ${customer} B2C at ${country} rate`,
    input: line({ country }, { country: customer, type: 'consumer' }, { serviceCategory: 'accounting' }),
    expected: { treatment: 'standard', rate, taxCountry: country, tax },
    source: `${DIRECTIVE}: Article 45 places the supply where the supplier is established; rate from ${TEDB} (2025)`,
  };
});

// Each member state supplying a business outside the EU is outside the scope of EU VAT (Article 44).
const euExportBusiness: TaxCase[] = EU_STANDARD_RATES.map(([country]) => ({
  name: `${country} to US business outside EU VAT`,
  input: line({ country }, { country: 'US', subdivision: 'NY' }, { serviceCategory: 'it-services', currency: 'USD' }),
  expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US', tax: '0.00', note: 'Article 44' },
  source: `${DIRECTIVE}: Article 44 places B2B services where the customer is established`,
}));

const ca = (province: string, category: TaxQuoteInput['serviceCategory'], supplyDate = '2025-03-01', amount = '1000.00') =>
  line({ country: 'CA', subdivision: 'ON' }, { country: 'CA', subdivision: province }, { currency: 'CAD', serviceCategory: category, supplyDate, amount });
const CRA = 'Canada Revenue Agency, GST/HST rates by province';
const RQ = 'Revenu Quebec, IN-203-V General Information Concerning the QST and the GST/HST: QST 9.975% on the price excluding GST, shown apart';
const BC = 'British Columbia Ministry of Finance: PST 7% on legal services since 1 April 2013 (Kemp Harvey summary)';
const BC26 = 'British Columbia Budget 2026: PST on accounting services from 1 October 2026 (Thorsteinssons LLP summary)';
const MB = 'Manitoba Finance, RST Bulletins 056 Legal Services and 057 Accounting Services; rate 8% to 7% on 1 July 2019';
const SK = 'Saskatchewan Finance: PST on legal, accounting and computer services; rate 5% to 6% on 23 March 2017 (IN 2017-01)';

const canada: TaxCase[] = [
  { name: 'CA to QC GST and QST apart', input: ca('QC', 'consulting'), expected: { treatment: 'standard', rate: '0.14975', taxCountry: 'CA-QC', tax: '149.75', components: [['GST', '50.00'], ['QST', '99.75']] }, source: RQ },
  { name: 'CA to QC QST half cent on 100', input: ca('QC', 'legal', '2025-03-01', '100.00'), expected: { treatment: 'standard', rate: '0.14975', taxCountry: 'CA-QC', tax: '14.98', components: [['GST', '5.00'], ['QST', '9.98']] }, source: `${RQ}; Revenu Quebec example: QST on $100 is $9.98` },
  { name: 'CA to QC rounds each tax on 0.30', input: ca('QC', 'legal', '2025-03-01', '0.30'), expected: { treatment: 'standard', rate: '0.14975', taxCountry: 'CA-QC', tax: '0.05', components: [['GST', '0.02'], ['QST', '0.03']] }, source: `${RQ}: GST 0.015 rounds to 0.02 and QST 0.029925 to 0.03, while the sum rounded once would be 0.04` },
  { name: 'CA to QC rounds each tax on 10.10', input: ca('QC', 'accounting', '2025-03-01', '10.10'), expected: { treatment: 'standard', rate: '0.14975', taxCountry: 'CA-QC', tax: '1.52', components: [['GST', '0.51'], ['QST', '1.01']] }, source: `${RQ}: GST 0.505 rounds half up to 0.51` },
  { name: 'CA to BC legal GST and PST', input: ca('BC', 'legal'), expected: { treatment: 'standard', rate: '0.12', taxCountry: 'CA-BC', tax: '120.00', components: [['GST', '50.00'], ['PST', '70.00']] }, source: BC },
  { name: 'CA to BC consulting GST only', input: ca('BC', 'consulting'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-BC', tax: '50.00', warning: 'software' }, source: BC },
  { name: 'CA to BC accounting before PST', input: ca('BC', 'accounting', '2026-09-30'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-BC', tax: '50.00' }, source: BC26 },
  { name: 'CA to BC accounting with PST', input: ca('BC', 'accounting', '2026-10-01'), expected: { treatment: 'standard', rate: '0.12', taxCountry: 'CA-BC', tax: '120.00', components: [['GST', '50.00'], ['PST', '70.00']] }, source: BC26 },
  { name: 'CA to MB legal RST 8% in 2019', input: ca('MB', 'legal', '2019-06-30'), expected: { treatment: 'standard', rate: '0.13', taxCountry: 'CA-MB', tax: '130.00', components: [['GST', '50.00'], ['RST', '80.00']] }, source: MB },
  { name: 'CA to MB legal RST 7% from July 2019', input: ca('MB', 'legal', '2019-07-01'), expected: { treatment: 'standard', rate: '0.12', taxCountry: 'CA-MB', tax: '120.00', components: [['GST', '50.00'], ['RST', '70.00']] }, source: MB },
  { name: 'CA to MB accounting with RST', input: ca('MB', 'accounting'), expected: { treatment: 'standard', rate: '0.12', taxCountry: 'CA-MB', tax: '120.00' }, source: MB },
  { name: 'CA to MB consulting GST only', input: ca('MB', 'consulting'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-MB', tax: '50.00' }, source: MB },
  { name: 'CA to SK IT PST 5% in 2017', input: ca('SK', 'it-services', '2017-03-22'), expected: { treatment: 'standard', rate: '0.10', taxCountry: 'CA-SK', tax: '100.00', components: [['GST', '50.00'], ['PST', '50.00']] }, source: SK },
  { name: 'CA to SK IT PST 6% from March 2017', input: ca('SK', 'it-services', '2017-03-23'), expected: { treatment: 'standard', rate: '0.11', taxCountry: 'CA-SK', tax: '110.00', components: [['GST', '50.00'], ['PST', '60.00']] }, source: SK },
  { name: 'CA to SK legal with PST', input: ca('SK', 'legal'), expected: { treatment: 'standard', rate: '0.11', taxCountry: 'CA-SK', tax: '110.00' }, source: SK },
  { name: 'CA to SK consulting GST only', input: ca('SK', 'consulting'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-SK', tax: '50.00' }, source: SK },
  { name: 'CA to NB HST 13% in June 2016', input: ca('NB', 'consulting', '2016-06-30'), expected: { treatment: 'standard', rate: '0.13', taxCountry: 'CA-NB', tax: '130.00' }, source: CRA },
  { name: 'CA to NB HST 15% from July 2016', input: ca('NB', 'consulting', '2016-07-01'), expected: { treatment: 'standard', rate: '0.15', taxCountry: 'CA-NB', tax: '150.00' }, source: CRA },
  { name: 'CA to NL HST 15% from July 2016', input: ca('NL', 'legal', '2016-07-01'), expected: { treatment: 'standard', rate: '0.15', taxCountry: 'CA-NL', tax: '150.00' }, source: CRA },
  { name: 'CA to PE HST 14% in September 2016', input: ca('PE', 'legal', '2016-09-30'), expected: { treatment: 'standard', rate: '0.14', taxCountry: 'CA-PE', tax: '140.00' }, source: CRA },
  { name: 'CA to YT GST 5%', input: ca('YT', 'accounting'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-YT', tax: '50.00' }, source: CRA },
  { name: 'CA to NU GST 5%', input: ca('NU', 'it-services'), expected: { treatment: 'standard', rate: '0.05', taxCountry: 'CA-NU', tax: '50.00' }, source: CRA },
  { name: 'CA to ON HST half cent', input: ca('ON', 'consulting', '2025-03-01', '0.50'), expected: { treatment: 'standard', rate: '0.13', taxCountry: 'CA-ON', tax: '0.07' }, source: `${CRA}: 0.50 x 13% = 0.065, rounded half up to the cent` },
];

const us = (state: string, category: TaxQuoteInput['serviceCategory'], supplyDate = '2025-03-01', type: 'business' | 'consumer' = 'business', amount = '1000.00') =>
  line({ country: 'US', subdivision: 'NY' }, { country: 'US', subdivision: state, type }, { currency: 'USD', serviceCategory: category, supplyDate, amount });
const WA = 'Washington DOR, Services newly subject to retail sales tax (ESSB 5814), from 1 October 2025; RCW 82.08.020 rate 6.5%';
const OH = 'Ohio Adm. Code 5703-9-46: computer services taxable for use in business; R.C. 5739.02 rate 5.75%';
const IA = 'Iowa Department of Revenue, Taxation of specified digital products, software and related services; Iowa Code 423.3(104)';
const DC = 'DC Office of Tax and Revenue, data processing services taxable; 5.75% from October 2013, 6% from October 2018, 7% from October 2026 (D.C. Code 47-2002)';
const FTA = 'Federation of Tax Administrators, Sales Taxation of Services: these services are not taxed in this state';

const usStates: TaxCase[] = [
  { name: 'US to WA IT before ESSB 5814', input: us('WA', 'it-services', '2025-09-30'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-WA', tax: '0.00' }, source: WA },
  { name: 'US to WA IT from October 2025', input: us('WA', 'it-services', '2025-10-01'), expected: { treatment: 'standard', rate: '0.065', taxCountry: 'US-WA', tax: '65.00', warning: 'Local sales taxes' }, source: WA },
  { name: 'US to WA legal not taxed', input: us('WA', 'legal', '2025-10-01'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-WA', tax: '0.00' }, source: 'Washington DOR, FAQ about ESSB 5814: lawyers and accountants pay service B&O tax' },
  { name: 'US to OH IT for business 5.75%', input: us('OH', 'it-services'), expected: { treatment: 'standard', rate: '0.0575', taxCountry: 'US-OH', tax: '57.50', warning: 'true object' }, source: OH },
  { name: 'US to OH IT for consumer not taxed', input: us('OH', 'it-services', '2025-03-01', 'consumer'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-OH', tax: '0.00' }, source: OH },
  { name: 'US to OH consulting not taxed', input: us('OH', 'consulting'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-OH', tax: '0.00' }, source: OH },
  { name: 'US to IA IT for business exempt', input: us('IA', 'it-services'), expected: { treatment: 'exempt', rate: '0', taxCountry: 'US-IA', tax: '0.00', note: '423.3(104)' }, source: IA },
  { name: 'US to IA IT for consumer 6%', input: us('IA', 'it-services', '2025-03-01', 'consumer'), expected: { treatment: 'standard', rate: '0.06', taxCountry: 'US-IA', tax: '60.00' }, source: IA },
  { name: 'US to IA IT for consumer in 2018', input: us('IA', 'it-services', '2018-12-31', 'consumer'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-IA', tax: '0.00' }, source: `${IA}: electronically delivered software was exempt before 2019` },
  { name: 'US to IA legal not taxed', input: us('IA', 'legal'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-IA', tax: '0.00' }, source: IA },
  { name: 'US to DC IT at 5.75% in 2018', input: us('DC', 'it-services', '2018-09-30'), expected: { treatment: 'standard', rate: '0.0575', taxCountry: 'US-DC', tax: '57.50' }, source: DC },
  { name: 'US to DC IT at 6% from October 2018', input: us('DC', 'it-services', '2018-10-01'), expected: { treatment: 'standard', rate: '0.06', taxCountry: 'US-DC', tax: '60.00' }, source: DC },
  { name: 'US to DC IT at 6% in September 2026', input: us('DC', 'it-services', '2026-09-30'), expected: { treatment: 'standard', rate: '0.06', taxCountry: 'US-DC', tax: '60.00' }, source: DC },
  { name: 'US to DC IT at 7% from October 2026', input: us('DC', 'it-services', '2026-10-01'), expected: { treatment: 'standard', rate: '0.07', taxCountry: 'US-DC', tax: '70.00' }, source: DC },
  { name: 'US to DC consulting not taxed', input: us('DC', 'consulting'), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US-DC', tax: '0.00' }, source: DC },
  { name: 'US to HI GET half cent', input: us('HI', 'legal', '2025-03-01', 'business', '0.125'), expected: { treatment: 'standard', rate: '0.04', taxCountry: 'US-HI', tax: '0.01' }, source: 'Hawaii Department of Taxation, general excise tax 4%: 0.125 x 4% = 0.005, rounded half up' },
  ...(['IL', 'MA', 'GA', 'PA', 'CO', 'VA', 'AZ', 'NV', 'OR', 'NH', 'MT', 'DE', 'AK', 'MI', 'MN'] as const).map((state, index) => {
    const category = (['consulting', 'legal', 'accounting'] as const)[index % 3]!;
    return { name: `US to ${state} ${category} not taxed`, input: us(state, category), expected: { treatment: 'out-of-scope' as const, rate: '0', taxCountry: `US-${state}`, tax: '0.00' }, source: FTA };
  }),
];

const ATO = 'ATO, Explanatory Memorandum to the Tax and Superannuation Laws Amendment (2016 Measures No. 1) Bill 2016: GST on imported services to consumers from 1 July 2017, reverse charge for businesses';
const IRD = 'Inland Revenue, GST on cross-border supplies of remote services from 1 October 2016; reverse charge under section 8(4B)';
const IRAS = 'IRAS, GST on imported services: reverse charge and overseas vendor registration from 1 January 2020, extended to all remote services from 1 January 2023';
const MOF = 'Ministry of Finance Japan, FY2015 revision of consumption taxation on cross-border supplies of services';

const imports: TaxCase[] = [
  { name: 'US to AU business reverse charge', input: line({ country: 'US', subdivision: 'NY' }, { country: 'AU' }, { currency: 'USD' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'AU', tax: '0.00', note: 'Division 84' }, source: ATO },
  { name: 'US to AU consumer before July 2017', input: line({ country: 'US', subdivision: 'NY' }, { country: 'AU', type: 'consumer' }, { currency: 'USD', supplyDate: '2017-06-30' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'AU', tax: '0.00' }, source: ATO },
  { name: 'US to AU consumer GST from July 2017', input: line({ country: 'US', subdivision: 'NY' }, { country: 'AU', type: 'consumer' }, { currency: 'USD', supplyDate: '2017-07-01' }), expected: { treatment: 'standard', rate: '0.10', taxCountry: 'AU', tax: '100.00', warning: 'registered' }, source: ATO },
  { name: 'DE to NZ business reverse charge', input: line({ country: 'DE' }, { country: 'NZ' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'NZ', tax: '0.00', note: 'section 8(4B)' }, source: IRD },
  { name: 'DE to NZ consumer before October 2016', input: line({ country: 'DE' }, { country: 'NZ', type: 'consumer' }, { supplyDate: '2016-09-30' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'NZ', tax: '0.00' }, source: IRD },
  { name: 'DE to NZ consumer GST from October 2016', input: line({ country: 'DE' }, { country: 'NZ', type: 'consumer' }, { supplyDate: '2016-10-01' }), expected: { treatment: 'standard', rate: '0.15', taxCountry: 'NZ', tax: '150.00' }, source: IRD },
  { name: 'GB to SG business before reverse charge', input: line({ country: 'GB' }, { country: 'SG' }, { currency: 'GBP', supplyDate: '2019-12-31' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'SG', tax: '0.00' }, source: IRAS },
  { name: 'GB to SG business reverse charge', input: line({ country: 'GB' }, { country: 'SG' }, { currency: 'GBP', supplyDate: '2020-01-01' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'SG', tax: '0.00', warning: 'full input tax credit' }, source: IRAS },
  { name: 'GB to SG consumer IT in 2021', input: line({ country: 'GB' }, { country: 'SG', type: 'consumer' }, { currency: 'GBP', serviceCategory: 'it-services', supplyDate: '2021-06-01' }), expected: { treatment: 'standard', rate: '0.07', taxCountry: 'SG', tax: '70.00' }, source: IRAS },
  { name: 'GB to SG consumer consulting in 2022', input: line({ country: 'GB' }, { country: 'SG', type: 'consumer' }, { currency: 'GBP', supplyDate: '2022-12-31' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'SG', tax: '0.00' }, source: IRAS },
  { name: 'GB to SG consumer consulting 2023', input: line({ country: 'GB' }, { country: 'SG', type: 'consumer' }, { currency: 'GBP', supplyDate: '2023-01-01' }), expected: { treatment: 'standard', rate: '0.08', taxCountry: 'SG', tax: '80.00' }, source: IRAS },
  { name: 'GB to SG consumer consulting 2024', input: line({ country: 'GB' }, { country: 'SG', type: 'consumer' }, { currency: 'GBP', supplyDate: '2024-01-01' }), expected: { treatment: 'standard', rate: '0.09', taxCountry: 'SG', tax: '90.00' }, source: IRAS },
  { name: 'US to JP business IT reverse charge', input: line({ country: 'US', subdivision: 'NY' }, { country: 'JP' }, { currency: 'USD', serviceCategory: 'it-services' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'JP', tax: '0.00' }, source: MOF },
  { name: 'US to JP business consulting no JCT', input: line({ country: 'US', subdivision: 'NY' }, { country: 'JP' }, { currency: 'USD' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'JP', tax: '0.00' }, source: MOF },
  { name: 'DE to JP consumer IT keeps cents', input: line({ country: 'DE' }, { country: 'JP', type: 'consumer' }, { serviceCategory: 'it-services', amount: '1000.55' }), expected: { treatment: 'standard', rate: '0.10', taxCountry: 'JP', tax: '100.05' }, source: `${MOF}; 1000.55 x 10% = 100.055, rounded down to the cent because the whole-yen rule is for yen` },
  { name: 'DE to JP consumer IT before October 2015', input: line({ country: 'DE' }, { country: 'JP', type: 'consumer' }, { serviceCategory: 'it-services', supplyDate: '2015-09-30' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'JP', tax: '0.00' }, source: MOF },
];

const HMRC = 'HMRC, VAT Notice 741A; until 31 December 2020 the UK applied the EU place-of-supply rules';
const BE = 'Belgian Act of 30 July 2013: lawyers\' services exempt under Article 44 §1 1° VAT Code until 31 December 2013 (PwC Belgium summary)';

const history: TaxCase[] = [
  { name: 'GB to FR consumer in 2020 at GB rate', input: line({ country: 'GB' }, { country: 'FR', type: 'consumer' }, { currency: 'GBP', supplyDate: '2020-12-31' }), expected: { treatment: 'standard', rate: '0.20', taxCountry: 'GB', tax: '200.00' }, source: `${HMRC}; ${DIRECTIVE}` },
  { name: 'GB to FR business in 2020 reverse charge', input: line({ country: 'GB' }, { country: 'FR', type: 'business', taxId: 'FR123', taxIdValidated: true }, { currency: 'GBP', supplyDate: '2020-12-31' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'FR', tax: '0.00', note: 'Article 196' }, source: `${HMRC}; ${DIRECTIVE}` },
  { name: 'GB to FR consumer in 2021 outside UK VAT', input: line({ country: 'GB' }, { country: 'FR', type: 'consumer' }, { currency: 'GBP', supplyDate: '2021-01-01' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'FR', tax: '0.00', note: 'Schedule 4A' }, source: HMRC },
  { name: 'US to GB business in 2019 reverse charge', input: line({ country: 'US', subdivision: 'NY' }, { country: 'GB' }, { currency: 'USD', supplyDate: '2019-06-01' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'GB', tax: '0.00', note: 'Article 196' }, source: `${HMRC}; ${DIRECTIVE}` },
  { name: 'GB to US business in 2019 outside EU VAT', input: line({ country: 'GB' }, { country: 'US', subdivision: 'CA' }, { currency: 'GBP', supplyDate: '2019-06-01' }), expected: { treatment: 'out-of-scope', rate: '0', taxCountry: 'US', tax: '0.00', note: 'Article 44' }, source: `${HMRC}; ${DIRECTIVE}` },
  { name: 'BE lawyers exempt in 2013', input: line({ country: 'BE' }, { country: 'BE' }, { serviceCategory: 'legal', supplyDate: '2013-12-31' }), expected: { treatment: 'exempt', rate: '0', taxCountry: 'BE', tax: '0.00', note: 'Article 44' }, source: BE },
  { name: 'BE lawyers to FR consumer exempt in 2013', input: line({ country: 'BE' }, { country: 'FR', type: 'consumer' }, { serviceCategory: 'legal', supplyDate: '2013-06-01' }), expected: { treatment: 'exempt', rate: '0', taxCountry: 'BE', tax: '0.00' }, source: BE },
  { name: 'BE lawyers to DE business in 2013', input: line({ country: 'BE' }, { country: 'DE', type: 'business', taxId: 'DE123', taxIdValidated: true }, { serviceCategory: 'legal', supplyDate: '2013-06-01' }), expected: { treatment: 'reverse-charge', rate: '0', taxCountry: 'DE', tax: '0.00' }, source: `${BE}; ${DIRECTIVE}: B2B services are reverse charged in the customer's state` },
  { name: 'BE lawyers taxed at 21% in 2015', input: line({ country: 'BE' }, { country: 'BE' }, { serviceCategory: 'legal', supplyDate: '2015-01-01' }), expected: { treatment: 'standard', rate: '0.21', taxCountry: 'BE', tax: '210.00' }, source: `${BE}; ${TEDB}` },
];

const halfCent: TaxCase[] = [
  ['AT', '0.025', '0.20', '0.01'], ['NL', '0.50', '0.21', '0.11'], ['SE', '0.02', '0.25', '0.01'], ['FR', '0.025', '0.20', '0.01'],
  ['IE', '0.50', '0.23', '0.12'], ['LU', '0.50', '0.17', '0.09'], ['DE', '0.50', '0.19', '0.10'], ['FI', '0.20', '0.255', '0.05'],
].map(([country, amount, rate, tax]) => ({
  name: `${country} rounds ${amount} half up`,
  input: line({ country: country! }, { country: country! }, { amount: amount! }),
  expected: { treatment: 'standard' as const, rate: rate!, taxCountry: country!, tax: tax! },
  source: `${TEDB} (2025); ${amount} x ${rate} is exactly half a cent, and the pack rounds half up to the cent`,
}));

const jpHalfYen: TaxCase = {
  name: 'JP rounds 100.5 yen down',
  input: line({ country: 'JP' }, { country: 'JP' }, { currency: 'JPY', amount: '1005' }),
  expected: { treatment: 'standard', rate: '0.10', taxCountry: 'JP', tax: '100' },
  source: 'National Tax Agency: fractions of consumption tax below one yen may be rounded down; 1005 x 10% = 100.5',
};

export const TAX_CASES: TaxCase[] = [
  ...BASE_TAX_CASES, ...euIntraConsumer, ...euExportBusiness, ...canada, ...usStates, ...imports, ...history, ...halfCent, jpHalfYen,
];
