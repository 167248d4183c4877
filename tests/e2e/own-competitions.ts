// Browser test files share one server and database. Each file's competitions (made by factories or
// through the pages) are taken out of public view when the file ends, so the next file finds the
// public pages as the demo left them: the Chang'an 2021 competition featured, the archive its own.
import { inject } from "vitest";
import { openDatabase } from "../../db/connection";

let before = 0;

beforeAll(async () => {
  const db = openDatabase(inject("databaseUrl"));
  try {
    const row = await db.selectFrom("competitions").select((eb) => eb.fn.max("id").as("last")).executeTakeFirst();
    before = Number(row?.last ?? 0);
  } finally {
    await db.destroy();
  }
});

afterAll(async () => {
  const db = openDatabase(inject("databaseUrl"));
  try {
    await db.updateTable("competitions").set({ status: "draft" }).where("id", ">", before).where("status", "=", "published").execute();
  } finally {
    await db.destroy();
  }
});
