// Renders one route module's page on the server (its loader, then its component), as the browser would first see it.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";

export type PageModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown; default: (props: any) => any };

/** `pattern` names the route's path with its parameters (e.g. "/applicant/proposals/:id"); the request's path by default. */
export async function renderPage(mod: PageModule, request: Request, pattern?: string): Promise<string> {
  return render(mod, request, pattern, false);
}

/**
 * Posts `request` to the route's action and renders the page a browser without JavaScript gets back
 * (the action's answer as action data, then the loader and the component).
 */
export async function renderAfterPost(mod: PageModule, request: Request, pattern?: string): Promise<string> {
  return render(mod, request, pattern, true);
}

async function render(mod: PageModule, request: Request, pattern: string | undefined, withAction: boolean): Promise<string> {
  const path = pattern ?? new URL(request.url).pathname;
  const handler = createStaticHandler([
    {
      id: "page",
      path,
      Component: mod.default,
      loader: (args) => mod.loader!({ ...args, context: {} }) as any,
      action: withAction ? (args) => mod.action!({ ...args, context: {} }) as any : undefined,
    },
  ]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`redirected to ${context.headers.get("Location")}`);
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context })).replaceAll("<!-- -->", "");
}
