// Rows that a statement returns as JSON, to fetch several reads in one round trip. JSON carries
// timestamps as text, so these helpers give back the Dates that a model read returns.

// A row whose timestamp fields arrived as text.
export type Stamped<Row, Field extends keyof Row> = Omit<Row, Field> & { [Key in Field]: string };

// Turns the named text fields of a JSON row back into Dates.
export function withDates<Row, Field extends keyof Row>(row: Stamped<Row, Field>, fields: Field[]): Row {
  const dated: Record<string, unknown> = { ...row };
  for (const field of fields) dated[field as string] = new Date(dated[field as string] as string);
  return dated as Row;
}
