import { literal, Op, type WhereOptions } from 'sequelize';
import { problems } from '../../../core/problem.ts';

// Cursor pagination over (timestamp, id). The cursor carries the last row's timestamp at the
// database's microsecond precision, because a JavaScript Date keeps only milliseconds and two rows
// in the same millisecond would otherwise be skipped or repeated.

export const PAGE_QUERY_PROPERTIES = {
  limit: { type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 25 },
  cursor: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

interface Cursor {
  time: string;
  id: string;
}

type TimeColumn = 'created_at' | 'started_at';
type Direction = 'ASC' | 'DESC';

const CURSOR_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Checks that each part of the time is in range, because PostgreSQL rejects a month of 13 or an
// hour of 99 with an error instead of a row. A Date normalizes such values, so its fields differ.
function isCursorTime(value: string): boolean {
  const match = CURSOR_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.time === 'string' && isCursorTime(parsed.time) && typeof parsed.id === 'string' && UUID.test(parsed.id)) {
      return { time: parsed.time, id: parsed.id };
    }
  } catch {
    // Reported below: a cursor that does not parse is as invalid as one with wrong fields.
  }
  throw problems.validation([{ field: 'cursor', message: 'is not a cursor returned by a previous page of this list' }]);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

// SQL that renders a timestamp column as the cursor's text form, to the microsecond.
export function exactTimeSql(column: TimeColumn): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

// A condition selecting the rows after the cursor in (time, id) order, with its replacements.
export function afterCursorSql(column: TimeColumn, direction: Direction, cursor: string): { sql: string; replacements: Record<string, string> } {
  const after = decodeCursor(cursor);
  const comparison = direction === 'ASC' ? '>' : '<';
  return {
    sql: `(${column}, id) ${comparison} (CAST(:cursorTime AS timestamptz), CAST(:cursorId AS uuid))`,
    replacements: { cursorTime: after.time, cursorId: after.id },
  };
}

export interface PageQuery {
  attributes: { include: [ReturnType<typeof literal>, string][] };
  where: WhereOptions;
  replacements: Record<string, string>;
  order: [string, Direction][];
  limit: number;
}

// Builds model find options for one page: rows after the cursor in (created_at, id) order, one row
// more than the limit so the caller knows whether another page follows.
export function pageQuery(direction: Direction, limit: number, cursor: string | undefined): PageQuery {
  const query: PageQuery = {
    attributes: { include: [[literal(exactTimeSql('created_at')), 'cursorTime']] },
    where: {},
    replacements: {},
    order: [['createdAt', direction], ['id', direction]],
    limit: limit + 1,
  };
  if (cursor !== undefined) {
    const after = afterCursorSql('created_at', direction, cursor);
    query.where = { [Op.and]: [literal(after.sql)] };
    query.replacements = after.replacements;
  }
  return query;
}

// Cuts the extra row off and makes the cursor of the next page from the last row returned.
export function toPage<Row extends { id: string; cursorTime: string }, T>(rows: Row[], limit: number, present: (row: Row) => T): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ time: last.cursorTime, id: last.id }) : null;
  return { data: pageRows.map(present), nextCursor };
}
