// The shared controls of a long staff list: a GET search/sort/filter form and page links. Both work
// without JavaScript (plain links and a GET form); `keep` carries the page's other parameters along.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "../i18n";

type Params = Record<string, string | number | null | undefined>;

/** `?a=1&b=2` of the given parameters, leaving out empty ones. */
export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "?";
}

export interface ListFilter {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}

export function ListSearch(props: {
  q: string;
  sort?: { value: string; options: { value: string; label: string }[] };
  filters?: ListFilter[];
  keep?: Params;
  placeholder?: string;
  /** more controls of the same GET form (e.g. a date range), placed after the filters */
  children?: ReactNode;
}) {
  const { q, sort, filters = [], keep = {}, placeholder } = props;
  return (
    <Form method="get" className="list-search no-print" role="search" data-testid="list-search">
      {Object.entries(keep).map(([k, v]) => (v === null || v === undefined || v === "" ? null : <input key={k} type="hidden" name={k} value={String(v)} />))}
      <label htmlFor="list-q">{t("scale.list.search")}</label>{" "}
      <input id="list-q" type="search" name="q" defaultValue={q} placeholder={placeholder ?? t("scale.list.searchPlaceholder")} maxLength={100} />{" "}
      {filters.map((f) => (
        <span key={f.name}>
          <label htmlFor={`list-${f.name}`}>{f.label}</label>{" "}
          <select id={`list-${f.name}`} name={f.name} defaultValue={f.value}>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>{" "}
        </span>
      ))}
      {props.children}
      {sort ? (
        <>
          <label htmlFor="list-sort">{t("scale.list.sort")}</label>{" "}
          <select id="list-sort" name="sort" defaultValue={sort.value}>
            {sort.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>{" "}
        </>
      ) : null}
      <button type="submit" className="secondary">
        {t("scale.list.apply")}
      </button>
    </Form>
  );
}

/** Page links; `params` are the list's current parameters (page is replaced). */
export function Pagination({ page, pageSize, total, params }: { page: number; pageSize: number; total: number; params: Params }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => queryString({ ...params, page: p === 1 ? null : p });
  const link = (p: number, label: string, rel?: string) =>
    p >= 1 && p <= pages && p !== page ? (
      <Link to={href(p)} rel={rel}>
        {label}
      </Link>
    ) : (
      <span className="muted">{label}</span>
    );
  return (
    <nav className="pagination no-print" aria-label={t("scale.list.pageOf", { page, pages, total })} data-testid="pagination">
      {link(1, t("scale.list.first"))} {link(page - 1, t("scale.list.prev"), "prev")}{" "}
      <span data-testid="page-of">{t("scale.list.pageOf", { page, pages, total })}</span> {link(page + 1, t("scale.list.next"), "next")}{" "}
      {link(pages, t("scale.list.last"))}
    </nav>
  );
}
