// Measures tax quotes per second on one core, single-threaded, after the packs have loaded.
// Prints the figure only: timings vary by machine, so nothing here asserts a speed.
// Run with `npx tsx test/bench/rules/bench.ts [seconds]`.
import { quoteTax, type TaxQuoteInput } from '../../../services/rules/index.ts';

const PARTIES: Pick<TaxQuoteInput, 'supplier' | 'customer'>[] = [
  { supplier: { country: 'DE' }, customer: { country: 'DE', type: 'business', taxIdValidated: false } },
  { supplier: { country: 'DE' }, customer: { country: 'FR', type: 'business', taxId: 'FR123', taxIdValidated: true } },
  { supplier: { country: 'FR' }, customer: { country: 'IT', type: 'consumer', taxIdValidated: false } },
  { supplier: { country: 'GB' }, customer: { country: 'US', subdivision: 'NY', type: 'business', taxIdValidated: false } },
  { supplier: { country: 'US' }, customer: { country: 'US', subdivision: 'TX', type: 'business', taxIdValidated: false } },
  { supplier: { country: 'US' }, customer: { country: 'GB', type: 'business', taxIdValidated: false } },
];

const LINES = PARTIES.map((parties, index): TaxQuoteInput => ({
  ...parties,
  serviceCategory: index % 2 === 0 ? 'consulting' : 'it-services',
  net: { amount: `${1000 + index}.55`, currency: 'EUR' },
  supplyDate: '2025-03-01',
}));

function run(iterations: number): void {
  for (let i = 0; i < iterations; i++) quoteTax(LINES[i % LINES.length]!);
}

const seconds = Number(process.argv[2] ?? '5');
run(20_000);

let count = 0;
const started = process.hrtime.bigint();
const deadline = started + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < deadline) {
  run(1000);
  count += 1000;
}
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;

console.log(`quoteTax: ${Math.round(count / elapsed).toLocaleString('en')} evaluations/s on one core (${count} quotes in ${elapsed.toFixed(2)} s, Node.js ${process.version})`);
