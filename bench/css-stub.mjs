// The bench imports route modules directly (no Remix compiler): a stylesheet import becomes its URL string.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function load(url, context, next) { if (url.endsWith(".css")) return { format: "module", source: "export default " + JSON.stringify(url), shortCircuit: true }; return next(url, context); }',
    ),
  import.meta.url,
);
