// Renders one route module's page on the server (its loader, then its component), as the browser would first see it.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";

export type PageModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown; default: (props: any) => any };

export async function renderPage(mod: PageModule, request: Request): Promise<string> {
  const path = new URL(request.url).pathname;
  const handler = createStaticHandler([{ id: "page", path, Component: mod.default, loader: (args) => mod.loader!({ ...args, params: {}, context: {} }) as any }]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get("Location")}`);
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context })).replaceAll("<!-- -->", "");
}
