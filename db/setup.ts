// `npm start` runs this before serving: migrate, then
//  - SEED_DEMO unset (or anything but 0/false/no): seed the Chang'an 2021 demo into an empty database;
//  - SEED_DEMO=0: no demo data; a real deployment starts empty.
// With ORGANIZER_USERNAME and ORGANIZER_PASSWORD set and no organizer yet, the first organizer is created.
import { createOrganizer, hasOrganizer } from "../app/services/organizers.server";
import { describeDatabase, migrateToLatest, openDatabase } from "./connection";
import { seedDemo } from "../seeds/demo";

function demoWanted(value: string | undefined): boolean {
  return !["0", "false", "no", "off"].includes((value ?? "").trim().toLowerCase());
}

const db = openDatabase();
await migrateToLatest(db);
if (demoWanted(process.env.SEED_DEMO)) {
  const seeded = await seedDemo(db, new Date());
  console.log(
    seeded
      ? "已写入长安区 2021 演示数据，演示账号密码公开，切勿用于正式环境 (demo seeded; its accounts have a published password — set SEED_DEMO=0 for real use)"
      : "数据库已有数据，跳过演示数据 (database not empty, seed skipped)",
  );
} else {
  console.log("SEED_DEMO=0：不写入演示数据 (no demo data)");
}
if (!(await hasOrganizer(db))) {
  if (process.env.ORGANIZER_USERNAME && process.env.ORGANIZER_PASSWORD) {
    const result = await createOrganizer(
      db,
      { username: process.env.ORGANIZER_USERNAME, password: process.env.ORGANIZER_PASSWORD, displayName: process.env.ORGANIZER_DISPLAY_NAME ?? "" },
      new Date(),
    );
    if (!result.ok) {
      console.error(`未能创建组委会账号 (could not create the organizer): ${result.error}`);
      process.exitCode = 1;
    } else console.log(`已创建组委会账号 ${process.env.ORGANIZER_USERNAME} (first organizer created)`);
  } else {
    console.log("尚无组委会账号：请运行 npm run create-organizer (no organizer yet: run `npm run create-organizer`)");
  }
}
console.log(await describeDatabase(db));
await db.destroy();
