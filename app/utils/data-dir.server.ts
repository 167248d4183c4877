// The data directory: where the SQLite file, uploaded files and the generated session secret live.
import path from "node:path";

/** DATA_DIR, else the SQLite database's directory, else ./data (e.g. with PostgreSQL). */
export function dataDirectory(env: Record<string, string | undefined> = process.env): string {
  if (env.DATA_DIR) return path.resolve(env.DATA_DIR);
  const url = env.DATABASE_URL ?? "";
  if (url.startsWith("file:") && url !== "file::memory:") return path.dirname(path.resolve(url.slice("file:".length)));
  return path.resolve("data");
}
