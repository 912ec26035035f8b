// Turns an audit record's before and after into one row per field, so the audit page shows
// "status: active → suspended" rather than two JSON blobs. Values are shown as text.

export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const left = (before ?? {}) as Record<string, unknown>;
  const right = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return fields.map((field) => {
    const was = show(left[field]);
    const now = show(right[field]);
    return { field, before: was, after: now, changed: was !== now };
  });
}
