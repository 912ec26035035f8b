// Rows that a statement returns as JSON, to fetch several reads in one round trip. JSON carries
// timestamps as text, so these helpers give back the Dates that a model read returns.

// A row whose timestamp fields arrived as text, or as null where the column allows it.
export type Stamped<Row, Field extends keyof Row> = Omit<Row, Field> & { [Key in Field]: null extends Row[Key] ? string | null : string };

// Turns the named text fields of a JSON row back into Dates, and leaves a null as null.
export function withDates<Row, Field extends keyof Row>(row: Stamped<Row, Field>, fields: Field[]): Row {
  const dated: Record<string, unknown> = { ...row };
  for (const field of fields) {
    const text = dated[field as string] as string | null;
    dated[field as string] = text === null ? null : new Date(text);
  }
  return dated as Row;
}
