// 长者模式 and 中文/English: each a one-button form posting to /preferences, so both work without
// JavaScript and persist in a cookie. `aria-pressed` tells screen readers whether elder mode is on.
import { Form, useLocation } from "@remix-run/react";
import type { Locale } from "../i18n";
import { t } from "../i18n";

function useReturnPath() {
  const location = useLocation();
  return location.pathname + location.search;
}

export function ElderModeSwitch({ elder }: { elder: boolean }) {
  const back = useReturnPath();
  return (
    <Form method="post" action="/preferences" className="switch-form elder-switch">
      <input type="hidden" name="redirectTo" value={back} />
      <input type="hidden" name="elder" value={elder ? "0" : "1"} />
      <button type="submit" className="switch" aria-pressed={elder} data-testid="elder-switch">
        {t("shell.elderMode")}
      </button>
    </Form>
  );
}

export function LanguageSwitch({ locale }: { locale: Locale }) {
  const back = useReturnPath();
  const next: Locale = locale === "en" ? "zh-CN" : "en";
  return (
    <Form method="post" action="/preferences" className="switch-form">
      <input type="hidden" name="redirectTo" value={back} />
      <input type="hidden" name="lang" value={next} />
      <button type="submit" className="switch" lang={next} data-testid="language-switch">
        {next === "en" ? "English" : "中文"}
      </button>
    </Form>
  );
}
