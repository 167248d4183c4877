// react-hook-form on top of a Remix <Form>: instant messages from the same zod schema the server uses,
// and a plain POST when JavaScript is off. Server errors (from the action) are shown the same way.
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { type FieldValues, type Resolver, get, useForm } from "react-hook-form";
import type { z } from "zod";
import { tMaybe } from "../i18n";
import type { FieldErrors } from "../utils/forms";

export function useValidatedForm<S extends z.ZodType<any, any>>(
  schema: S,
  options: { serverErrors?: FieldErrors; defaultValues?: Record<string, unknown> } = {},
) {
  const submit = useSubmit();
  const form = useForm<FieldValues>({
    resolver: zodResolver(schema as any) as unknown as Resolver<FieldValues>,
    mode: "onTouched",
    defaultValues: options.defaultValues as FieldValues | undefined,
  });

  /** The message to show next to `name`: the browser's own check first, then the server's. */
  function errorFor(name: string): string | undefined {
    // A list-wide message (e.g. "budget") is filed under `budget.root` once the list has registered rows.
    const errors = form.formState.errors;
    const clientMessage =
      (get(errors, name) as { message?: string } | undefined)?.message ?? (get(errors, `${name}.root`) as { message?: string } | undefined)?.message;
    const message = clientMessage ?? options.serverErrors?.[name];
    return message ? tMaybe(message) : undefined;
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
    void form.handleSubmit(() => submit(submitter ?? formElement, { method: "post", encType: formElement.enctype as any }))();
  }

  return { form, register: form.register, errorFor, onSubmit };
}
