// Page-number pagination for lists. A page loads one row more than it shows, so the page can tell
// whether a next page exists without counting the whole table.
export const PAGE_SIZE = 25;

export interface PageRequest {
  page: number;
  limit: number;
  offset: number;
}

export function pageRequest(query: unknown, pageSize = PAGE_SIZE): PageRequest {
  const raw = (query as Record<string, unknown> | undefined)?.page;
  const parsed = typeof raw === 'string' ? Number.parseInt(raw, 10) : 1;
  const page = Number.isInteger(parsed) && parsed >= 1 && parsed <= 10_000 ? parsed : 1;
  return { page, limit: pageSize + 1, offset: (page - 1) * pageSize };
}

export interface PageLinks {
  page: number;
  previous?: string;
  next?: string;
}

// Trims the extra row and builds the links for the pagination partial. The links keep the other
// query parameters, such as list filters, passed in `query` without the page number.
export function paginate<T>(rows: T[], request: PageRequest, path: string, query = ''): { rows: T[]; pages: PageLinks } {
  const pageSize = request.limit - 1;
  const hasNext = rows.length > pageSize;
  const link = (page: number) => `${path}?${query ? `${query}&` : ''}page=${page}`;
  return {
    rows: rows.slice(0, pageSize),
    pages: {
      page: request.page,
      previous: request.page > 1 ? link(request.page - 1) : undefined,
      next: hasNext ? link(request.page + 1) : undefined,
    },
  };
}
