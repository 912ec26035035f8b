// PostgreSQL cannot store every string JavaScript can hold. A text column cannot hold U+0000, jsonb
// rejects it too, and an unpaired UTF-16 surrogate has no UTF-8 form, so it arrives
// as U+FFFD. Such strings are rejected at the edge instead of being stored altered.

// A high surrogate not followed by a low one, or a low surrogate without a high one before it.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

// Returns the path of the first key or string value in a parsed JSON value that cannot be stored,
// such as "payload.note", or undefined when every string can.
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path || '(body)';
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const child = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return child;
      const found = findUnstorableText(item, child);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
