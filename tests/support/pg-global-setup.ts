// Vitest global setup for the unit/integration project. When TEST_DATABASE_URL names a PostgreSQL server,
// migrate one template database for this run (tests clone it: CREATE DATABASE … TEMPLATE, much faster than
// migrating per test) and drop the template and every clone of this run at the end. On SQLite: nothing.
// The template is migrated here, outside the test workers: it must see the same environment they do
// (the audit anchor is sealed by a migration with AUDIT_ANCHOR_KEY; a different key breaks every seal).
import "./setup-env";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { engineOfUrl, migrateToLatest, openDatabase } from "../../db/connection";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string | undefined;
  }
}

export default async function setup(project: TestProject) {
  const server = process.env.TEST_DATABASE_URL;
  if (!server || engineOfUrl(server) !== "postgres") {
    project.provide("pgTemplate", undefined);
    return;
  }
  const run = `cw_${Date.now().toString(36)}_${process.pid}`;
  const template = `${run}_tmpl`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const urlOf = (name: string) => {
    const u = new URL(server);
    u.pathname = `/${name}`;
    return u.toString();
  };
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
    const db = openDatabase(urlOf(template));
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.end();
  }
  project.provide("pgTemplate", template);
  return async () => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${run}\\_%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
