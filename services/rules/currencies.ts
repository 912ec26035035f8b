// ISO 4217 data comes from the ICU tables built into Node.js (full-icu is the default since
// Node.js 13), so the engine needs no currency list of its own.

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isIsoCurrency(code: string): boolean {
  return ISO_CURRENCIES.has(code);
}

// Building an Intl.NumberFormat costs far more than a quote, so the digits are cached per currency.
const minorUnitCache = new Map<string, number>();

/** Returns the number of decimal places of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for BHD. */
export function minorUnitDigits(code: string): number {
  let digits = minorUnitCache.get(code);
  if (digits === undefined) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency: code });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitCache.set(code, digits);
  }
  return digits;
}
