// The main navigation. A run of one group (the organizer's stages) is a <details>: on a desktop its
// summary is one compact menu entry that opens a drop-down of the group's pages, so the organizer's
// menu fits one line at 1280 px; below 900 px (inside the folding phone menu) shell.css shows every
// group open, headed by its name. Opening and closing is the browser's own <details>, so it works
// without JavaScript; with it, a followed link, a click elsewhere or Escape closes the drop-down.
import { NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { t } from "../i18n";
import { type NavItem, groupNav } from "./nav";

/** Whether the page at `pathname` is `to` or one of its sub-pages (so the group of the page is marked). */
function isWithin(pathname: string, to: string): boolean {
  const path = to.split("?")[0];
  return pathname === path || pathname.startsWith(`${path}/`);
}

export function SiteNav({ items, label }: { items: NavItem[]; label: string }) {
  const location = useLocation();
  const nav = useRef<HTMLElement>(null);
  const closeAll = (except?: Element | null) => {
    for (const d of nav.current?.querySelectorAll("details[open]") ?? []) if (d !== except) d.removeAttribute("open");
  };
  useEffect(() => closeAll(), [location.pathname, location.search]);
  useEffect(() => {
    const outside = (event: MouseEvent) => {
      const target = event.target as Node | null;
      const within = target instanceof Element ? target.closest("details") : null;
      if (!within || !nav.current?.contains(within)) closeAll();
      else closeAll(within);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const open = nav.current?.querySelector("details[open]");
      if (!open) return;
      open.removeAttribute("open");
      (open.querySelector("summary") as HTMLElement | null)?.focus();
    };
    document.addEventListener("click", outside);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("click", outside);
      document.removeEventListener("keydown", escape);
    };
  }, []);
  return (
    <nav aria-label={label} ref={nav}>
      {groupNav(items).map((run) => {
        const links = run.items.map((item) => (
          <NavLink key={item.to} to={item.to} end>
            {t(item.label)}
          </NavLink>
        ));
        if (!run.group) return links;
        const here = run.items.some((item) => isWithin(location.pathname, item.to));
        return (
          <details key={run.group} className="nav-group">
            <summary id={`nav-${run.group}`} className={here ? "active" : undefined}>
              {t(run.group)}
            </summary>
            <div className="nav-group-links" role="group" aria-labelledby={`nav-${run.group}`}>
              {links}
            </div>
          </details>
        );
      })}
    </nav>
  );
}
