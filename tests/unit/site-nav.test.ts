// The organizer's menu stays one compact line on a desktop: each stage is a <details> whose summary opens
// its pages (the browser's own toggle, so no JavaScript is needed); every page link is in the server's HTML.
import { createElement as h } from "react";
import { SiteNav } from "~/components/SiteNav";
import { PUBLIC_NAV, ROLE_NAV } from "~/components/nav";
import { renderPage } from "../support/render";

async function menuAt(path: string) {
  const page = { loader: () => null, default: () => h(SiteNav, { items: [...PUBLIC_NAV, ...ROLE_NAV.organizer], label: "主导航" }) };
  return renderPage(page, new Request(`http://localhost${path}`));
}

describe("the grouped main menu", () => {
  it("puts each stage's pages in a <details>, named group by its summary, and every page link in the HTML", async () => {
    const html = await menuAt("/organizer");
    expect(html.match(/<details class="nav-group">/g)).toHaveLength(5);
    expect(html).toMatch(/<summary id="nav-shell.navGroup.review"[^>]*>专家评审<\/summary><div class="nav-group-links" role="group" aria-labelledby="nav-shell.navGroup.review">/);
    for (const item of ROLE_NAV.organizer) expect(html).toContain(`href="${item.to}"`);
    // the public pages and the workspace are plain links outside any group
    expect(html).toMatch(/<nav aria-label="主导航"><a[^>]*href="\/"/);
    expect(html).not.toMatch(/<details[^>]*open/);
  });

  it("marks the stage of the page being read, sub-pages included", async () => {
    const html = await menuAt("/organizer/finance/ledger");
    expect(html).toMatch(/<summary id="nav-shell.navGroup.delivery" class="active">/);
    expect(html.match(/<summary[^>]*class="active"/g)).toHaveLength(1);
  });
});
