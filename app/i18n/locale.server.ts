// The request-scoped locale on the server: entry.server renders each page inside `withLocale`, so every
// `t()` during that render (components, meta) speaks the reader's language without being passed it.
import { AsyncLocalStorage } from "node:async_hooks";
import { type Locale, setRequestLocaleSource } from "./index";

const store = new AsyncLocalStorage<Locale>();
setRequestLocaleSource(() => store.getStore());

export function withLocale<T>(locale: Locale, run: () => T): T {
  return store.run(locale, run);
}
