// English UI strings, keyed like zh-CN.ts. Missing keys fall back to Chinese.
import type { MessageKey } from "./zh-CN";
import { common } from "./en/common";
import { competition } from "./en/competition";
import { notice } from "./en/notice";
import { registration } from "./en/registration";
import { review } from "./en/review";
import { finance } from "./en/finance";
import { multi } from "./en/multi";
import { panel } from "./en/panel";
import { rules } from "./en/rules";
import { notify } from "./en/notify";
import { shell } from "./en/shell";
import { input } from "./en/input";
import { scale } from "./en/scale";
import { security } from "./en/security";

import { exportsDict } from "./en/exports";
import { fair } from "./en/fair";
export const en: Partial<Record<MessageKey, string>> = {
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
};
