// Handlebars helpers of the portal views. Each returns plain text, which Handlebars escapes like
// any other value, so none of them can inject markup.

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

// Times show in UTC with the zone named, because operators and tenants sit in different zones.
function formatTime(value: unknown): string {
  const date = asDate(value);
  return date ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '—';
}

function formatDuration(start: unknown, end: unknown): string {
  const from = asDate(start);
  const to = asDate(end);
  if (!from || !to) return '—';
  const seconds = (to.getTime() - from.getTime()) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

function shortId(value: unknown): string {
  return typeof value === 'string' && value.length > 8 ? value.slice(0, 8) : String(value ?? '—');
}

function join(values: unknown, separator: unknown): string {
  if (!Array.isArray(values)) return '';
  const glue = typeof separator === 'string' ? separator : ', ';
  return values.join(glue);
}

function equals(left: unknown, right: unknown): boolean {
  return left === right;
}

// Handlebars passes an options object as the last argument, which is not one of the values.
function or(...values: unknown[]): boolean {
  return values.slice(0, -1).some(Boolean);
}

function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

// A KPI value with its unit. Durations arrive in seconds and show in the largest unit that keeps
// them readable: seconds, minutes or hours.
function formatKpi(value: unknown, unit: unknown): string {
  if (!isNumber(value)) return '—';
  const number = value as number;
  if (unit === 'duration') {
    if (number < 60) return `${Math.round(number)} s`;
    if (number < 3600) return `${(number / 60).toFixed(1)} min`;
    return `${(number / 3600).toFixed(1)} h`;
  }
  return unit ? `${number} ${String(unit)}` : String(number);
}

export const viewHelpers = { formatTime, formatDuration, shortId, join, equals, or, isNumber, formatKpi };
