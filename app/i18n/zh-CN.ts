// The Simplified Chinese dictionary: every UI string, gathered from one file per area.
// English (en.ts) uses the same keys; a missing English string falls back to Chinese.
import { common } from "./zh-CN/common";
import { competition } from "./zh-CN/competition";
import { notice } from "./zh-CN/notice";
import { registration } from "./zh-CN/registration";
import { review } from "./zh-CN/review";
import { finance } from "./zh-CN/finance";
import { multi } from "./zh-CN/multi";
import { panel } from "./zh-CN/panel";
import { rules } from "./zh-CN/rules";
import { notify } from "./zh-CN/notify";
import { shell } from "./zh-CN/shell";
import { input } from "./zh-CN/input";
import { scale } from "./zh-CN/scale";
import { security } from "./zh-CN/security";

import { exportsDict } from "./zh-CN/exports";
import { fair } from "./zh-CN/fair";
export const zhCN = {
  ...common,
  ...fair,
  ...competition,
  ...notice,
  ...finance,
  ...panel,
  ...notify,
  ...multi,
  ...security,
  ...review,
  ...registration,
  ...rules,
  ...shell,
  ...input,
  ...scale,
  ...exportsDict,
} as const;

export type MessageKey = keyof typeof zhCN;
