// `npm run create-organizer`: creates an organizer account for a real deployment (SEED_DEMO=0).
// Non-interactive: ORGANIZER_USERNAME, ORGANIZER_PASSWORD (and optionally ORGANIZER_DISPLAY_NAME).
// Otherwise it asks on the terminal, without echoing the password.
import readline from "node:readline";
import { t, isMessageKey } from "../app/i18n";
import { createOrganizer } from "../app/services/organizers.server";
import { migrateToLatest, openDatabase } from "./connection";

function ask(question: string, hidden = false): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write(s.startsWith(question) ? s : s.replace(/[^\r\n]/g, "*"));
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write("\n");
      resolve(answer);
    }),
  );
}

async function readInput() {
  let username = process.env.ORGANIZER_USERNAME ?? "";
  let password = process.env.ORGANIZER_PASSWORD ?? "";
  let displayName = process.env.ORGANIZER_DISPLAY_NAME ?? "";
  if ((!username || !password) && !process.stdin.isTTY) {
    console.error("请设置 ORGANIZER_USERNAME 和 ORGANIZER_PASSWORD，或在终端中交互运行。(Set ORGANIZER_USERNAME and ORGANIZER_PASSWORD, or run in a terminal.)");
    process.exit(2);
  }
  if (!username) username = await ask("组委会账号用户名 (username): ");
  if (!displayName && process.stdin.isTTY && !process.env.ORGANIZER_PASSWORD) displayName = await ask("显示名称 (display name) [组委会]: ");
  if (!password) {
    password = await ask("密码 (password, 8+ characters, two kinds): ", true);
    const again = await ask("再次输入密码 (again): ", true);
    if (again !== password) {
      console.error("两次输入的密码不一致 (passwords differ)");
      process.exit(1);
    }
  }
  return { username, password, displayName };
}

const input = await readInput();
const db = openDatabase();
await migrateToLatest(db);
const result = await createOrganizer(db, input, new Date());
await db.destroy();
if (!result.ok) {
  console.error(`未创建：${isMessageKey(result.error) ? t(result.error) : result.error}`);
  process.exit(1);
}
console.log(`已创建组委会账号 ${input.username.trim()} (organizer account created, id ${result.id})`);
