// react-hook-form on top of a Remix <Form>: instant messages from the same zod schema the server uses,
// and a plain POST when JavaScript is off. Server errors (from the action) are shown the same way.
// `summary` is the form's ErrorSummary (render it first inside the form); `register` marks the
// fields the schema requires with aria-required (Field then shows the visible mark).
// `field(name)` is register + the Field wiring + the value as `defaultValue`, so the server renders what
// is stored (a saved draft) or what was typed before a refused post (`values`, echoed by the action with
// passwords dropped): without JavaScript nothing a person typed is lost. `checked(name, value)` is the
// same for checkboxes and radios.
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { type FormEvent, createElement, useEffect, useRef, useState } from "react";
import { type FieldErrors as HookErrors, type FieldValues, type Resolver, type UseFormRegister, get, useForm } from "react-hook-form";
import type { z } from "zod";
import { tMaybe } from "../i18n";
import type { FieldErrors } from "../utils/forms";
import { ErrorSummary, type SummaryItem } from "./ErrorSummary";
import { fieldA11y } from "./Field";
import { isRequiredField } from "./schemaRequired";

/** Every message react-hook-form holds, flattened to field paths ("members.0.name"). */
function flatten(errors: HookErrors, prefix = ""): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const [key, value] of Object.entries(errors ?? {})) {
    if (!value || typeof value !== "object") continue;
    const path = key === "root" ? prefix.replace(/\.$/, "") : `${prefix}${key}`;
    const message = (value as { message?: unknown }).message;
    if (typeof message === "string" && message) items.push({ name: path, message });
    else if (key !== "ref") items.push(...flatten(value as HookErrors, `${path}.`));
  }
  return items;
}

export function useValidatedForm<S extends z.ZodType<any, any>>(
  schema: S,
  options: {
    serverErrors?: FieldErrors;
    defaultValues?: Record<string, unknown>;
    values?: unknown;
    /** the control's id for a field name, when a page holds several copies of the form (default: the name) */
    idOf?: (name: string) => string;
  } = {},
) {
  const submit = useSubmit();
  const form = useForm<FieldValues>({
    resolver: zodResolver(schema as any) as unknown as Resolver<FieldValues>,
    mode: "onTouched",
    defaultValues: options.defaultValues as FieldValues | undefined,
    shouldFocusError: false, // the error summary takes focus instead
  });
  const summaryRef = useRef<HTMLDivElement>(null);
  const wantsFocus = useRef(false); // set on a failed submit; the summary takes focus once it is on screen
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  /** The message to show next to `name`: the browser's own check first, then the server's. */
  function errorFor(name: string): string | undefined {
    // A list-wide message (e.g. "budget") is filed under `budget.root` once the list has registered rows.
    const errors = form.formState.errors;
    const clientMessage =
      (get(errors, name) as { message?: string } | undefined)?.message ?? (get(errors, `${name}.root`) as { message?: string } | undefined)?.message;
    const message = clientMessage ?? options.serverErrors?.[name];
    return message ? tMaybe(message) : undefined;
  }

  // What the summary lists: the browser's messages after a failed submit attempt, else the server's.
  const clientItems = form.formState.submitCount > 0 ? flatten(form.formState.errors) : [];
  const summaryItems = (
    clientItems.length ? clientItems : Object.entries(options.serverErrors ?? {}).filter(([name]) => name !== "_form").map(([name, message]) => ({ name, message }))
  ).map((item) => ({ name: item.name, message: tMaybe(item.message), target: options.idOf?.(item.name) }));

  // The server answered with errors (JavaScript on): move focus to the summary.
  useEffect(() => {
    if (options.serverErrors && Object.keys(options.serverErrors).some((k) => k !== "_form")) wantsFocus.current = true;
  }, [options.serverErrors]);
  useEffect(() => {
    if (wantsFocus.current && summaryRef.current) {
      wantsFocus.current = false;
      summaryRef.current.focus();
    }
  });

  const requiredCache = useRef(new Map<string, boolean>());
  const isRequired = (name: string) => {
    if (!requiredCache.current.has(name)) requiredCache.current.set(name, isRequiredField(schema, name));
    return requiredCache.current.get(name);
  };
  const register = ((name: string, registerOptions?: Parameters<UseFormRegister<FieldValues>>[1]) => {
    const props = form.register(name, registerOptions);
    return isRequired(name) ? { ...props, "aria-required": true as const } : props;
  }) as UseFormRegister<FieldValues>;

  /** What the field shows first: what was typed before a refused post, else the stored/default value. */
  function valueOf(name: string): unknown {
    const echoed = options.values && typeof options.values === "object" ? get(options.values, name) : undefined;
    return echoed !== undefined ? echoed : get(options.defaultValues ?? {}, name);
  }
  const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : "");
  /** Everything a text input, select or textarea needs: id/name, aria wiring, hook registration, its value. */
  function field(name: string, registerOptions?: Parameters<UseFormRegister<FieldValues>>[1]) {
    const a11y = fieldA11y(options.idOf ? options.idOf(name) : name, errorFor(name));
    return { ...a11y, ...register(name, registerOptions), name, defaultValue: text(valueOf(name)) };
  }
  /** A checkbox (value omitted: a boolean field) or one radio of a group, checked as last shown. */
  function checked(name: string, value?: string) {
    const v = valueOf(name);
    const on = value === undefined ? v === true || v === "on" || v === "1" || v === "true" : Array.isArray(v) ? v.map(String).includes(value) : text(v) === value;
    return { ...register(name), ...(value === undefined ? {} : { value }), defaultChecked: on };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    event.preventDefault();
    // Saving a draft skips validation; submitting validates first.
    if (submitter?.value === "save-draft") {
      submit(submitter, { method: "post", encType: formElement.enctype as any });
      return;
    }
    void form.handleSubmit(
      () => submit(submitter ?? formElement, { method: "post", encType: formElement.enctype as any }),
      () => {
        wantsFocus.current = true;
      },
    )();
  }

  // Rendered by the server after a failed post, it focuses itself (autofocus) when there is no script.
  const summary = createElement(ErrorSummary, { items: summaryItems, ref: summaryRef, autoFocus: !hydrated });
  return { form, register, field, checked, valueOf, errorFor, onSubmit, summary };
}
