// `npm start` runs this before serving: migrate, then seed the demo competition into an empty database.
import { describeDatabase, migrateToLatest, openDatabase } from "./connection";
import { seedDemo } from "../seeds/demo";

const db = openDatabase();
await migrateToLatest(db);
const seeded = await seedDemo(db, new Date());
const pragmas = await describeDatabase(db);
console.log(
  seeded ? "已写入长安区 2021 演示数据 (demo competition seeded)" : "数据库已有数据，跳过演示数据 (database not empty, seed skipped)",
  pragmas,
);
await db.destroy();
