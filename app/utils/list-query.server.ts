// The shared parsing of a staff list's `?page=&q=&sort=` (and named filters): bad values fall back to
// the defaults instead of failing, so a hand-edited URL still shows a page. Plus portable LIKE search.
import { type Expression, type SqlBool, sql } from "kysely";
import { z } from "zod";

export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

export interface ListQuery<S extends string, F extends string = never> {
  page: number;
  pageSize: number;
  q: string;
  sort: S;
  filters: Record<F, string>;
  offset: number;
}

export function parseListQuery<S extends string, F extends string = never>(
  url: URL | string,
  options: { sorts: readonly [S, ...S[]]; filters?: Record<F, readonly [string, ...string[]]>; pageSize?: number },
): ListQuery<S, F> {
  const params = new URL(url).searchParams;
  const schema = z.object({
    page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
    q: z.string().trim().max(100).catch(""),
    sort: z.enum(options.sorts as unknown as [S, ...S[]]).catch(options.sorts[0]),
  });
  const base = schema.parse({ page: params.get("page") ?? undefined, q: params.get("q") ?? "", sort: params.get("sort") ?? undefined });
  const filters = {} as Record<F, string>;
  for (const [name, values] of Object.entries(options.filters ?? {}) as [F, readonly [string, ...string[]]][]) {
    filters[name] = z.enum(values as [string, ...string[]]).catch(values[0]).parse(params.get(name) ?? undefined);
  }
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  return { ...base, pageSize, filters, offset: (base.page - 1) * pageSize };
}

/** `column LIKE %q%` with q's wildcards escaped, the same on SQLite and PostgreSQL. */
export function containsText(column: string, q: string): Expression<SqlBool> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape ${sql.lit("\\")}`;
}

/** Any of the columns contains q. */
export function anyContains(columns: readonly string[], q: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(columns.map((c) => containsText(c, q)), sql` or `)})`;
}

/** The number of pages for `total` rows (at least 1, so page 1 of an empty list exists). */
export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/**
 * Runs a paged query and, when the asked page lies beyond the last one (a stale link, a hand-edited URL),
 * runs it again for the last page, so the page shown and its number always agree.
 */
export async function loadClampedPage<Q extends { page: number; pageSize: number; offset: number }, R extends { total: number }>(
  list: Q,
  load: (offset: number, limit: number) => Promise<R>,
): Promise<{ list: Q; result: R }> {
  const result = await load(list.offset, list.pageSize);
  const last = pageCount(result.total, list.pageSize);
  if (list.page <= last) return { list, result };
  const clamped = { ...list, page: last, offset: (last - 1) * list.pageSize };
  return { list: clamped, result: await load(clamped.offset, clamped.pageSize) };
}
