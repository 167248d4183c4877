/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
import "@remix-run/node";

// Single fetch: loaders and actions return plain data, typed as such.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
