/**
 * The ISO 4217 alphabetic codes an invoice may be written in: every currency of ISO 4217
 * List One that is legal tender today (checked against the list as amended up to 2026).
 *
 * Left out on purpose, although ISO 4217 lists them, because nobody pays an invoice in
 * them and on an invoice they are almost always a typo:
 * - fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW): units of account for
 *   indexation or settlement, priced in the national currency the invoice should use;
 * - precious metals (XAU, XAG, XPD, XPT), bond-market units (XBA-XBD), XDR, XSU, XUA;
 * - XTS (reserved for testing) and XXX (no currency at all).
 * Withdrawn codes are out too: ANG (now XCG), BGN and HRK (now EUR), CUC, SLL (now SLE),
 * VEF (now VES), ZWL (now ZWG).
 */
export const ISO_4217_CURRENCIES: ReadonlySet<string> = new Set([
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK',
  'DJF', 'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR',
  'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY',
  'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT',
  'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
  'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
  'QAR',
  'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'UGX', 'USD', 'UYU', 'UZS',
  'VED', 'VES', 'VND', 'VUV',
  'WST',
  'XAF', 'XCD', 'XCG', 'XOF', 'XPF',
  'YER',
  'ZAR', 'ZMW', 'ZWG',
]);

/**
 * Tells whether a code is a currency an invoice may be written in (exact, upper case).
 *
 * @example
 * isInvoiceCurrency('EUR') // true
 * isInvoiceCurrency('eur') // false: codes are upper case
 * isInvoiceCurrency('XAU') // false: gold is not an invoice currency
 */
export function isInvoiceCurrency(code: string): boolean {
  return ISO_4217_CURRENCIES.has(code);
}
