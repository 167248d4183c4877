// All SQL runs on SQLite and PostgreSQL alike (docs/decisions/013-postgresql.md). This test reads the source
// tree and refuses SQLite-only constructs outside the one file allowed to speak an engine's dialect
// (db/connection.ts) and the SQLite branches of the trigger helpers and of the migration that predates them.
import fs from "node:fs";
import path from "node:path";

const ROOTS = ["app", "db", "seeds", "server.ts"];
const ENGINE_FILES = new Set(["db/connection.ts", "db/migrations/helpers.ts", "db/migrations/2026_11_22_04_notice.ts"]);

const SQLITE_ONLY: Array<[RegExp, string]> = [
  [/\bpragma\b/i, "pragma"],
  [/\bdatetime\s*\(|\bjulianday\s*\(|\bstrftime\s*\(|\bunixepoch\s*\(/i, "SQLite date functions (instants are ISO text computed in TypeScript)"],
  [/\binsert\s+or\s+(ignore|replace|abort|fail|rollback)\b/i, "INSERT OR … (use Kysely's onConflict)"],
  [/\bsqlite_[a-z]/i, "sqlite_* tables/functions"],
  [/\bjson_extract\s*\(|\bjson_each\s*\(|->>/i, "SQLite JSON functions"],
  [/\bgroup_concat\s*\(|\bifnull\s*\(|\biif\s*\(/i, "SQLite-only functions (string_agg/coalesce/case)"],
  [/\braise\s*\(\s*(abort|fail|ignore|rollback)/i, "RAISE(ABORT …) outside the trigger helpers"],
  [/\bautoincrement\b/i, "AUTOINCREMENT (use withId)"],
  [/\bbegin\s+immediate\b/i, "BEGIN IMMEDIATE (use writeTransaction)"],
  [/from\s+["']better-sqlite3["']/i, "opening SQLite directly (use db/connection.ts)"],
];

function sourceFiles(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (fs.statSync(entry).isFile()) return /\.(ts|tsx|mjs|js)$/.test(entry) ? [entry] : [];
  return fs.readdirSync(entry).flatMap((name) => sourceFiles(path.join(entry, name)));
}

describe("portable SQL", () => {
  it("finds no SQLite-only construct in app/, db/, seeds/ or server.ts outside db/connection.ts", () => {
    const offences: string[] = [];
    for (const file of ROOTS.flatMap(sourceFiles)) {
      const rel = file.split(path.sep).join("/");
      if (ENGINE_FILES.has(rel)) continue;
      fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        for (const [pattern, what] of SQLITE_ONLY) if (pattern.test(line)) offences.push(`${rel}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
    expect(offences).toEqual([]);
  });

  it("would catch one (the patterns match what they are meant to)", () => {
    const samples = ["db.pragma('x')", "select datetime('now')", "INSERT OR IGNORE INTO t", "select * from sqlite_master", "json_extract(a, '$.b')", "BEGIN IMMEDIATE"];
    for (const s of samples) expect(SQLITE_ONLY.some(([p]) => p.test(s))).toBe(true);
  });
});
