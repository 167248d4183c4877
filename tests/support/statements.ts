// Counts the SQL statements a piece of code sends (the N+1 guard: a page's count must not grow with the data).
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import type { DB } from "../../db/connection";
import { setDbForTests } from "../../app/db.server";

class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** Runs `fn` with loaders and actions pointed at a counting handle on `db`; returns how many statements it sent. */
export async function countStatements(db: DB, fn: () => Promise<unknown>): Promise<number> {
  const counter = new StatementCounter();
  setDbForTests(db.withPlugin(counter));
  try {
    await fn();
  } finally {
    setDbForTests(db);
  }
  return counter.count;
}
