// Every form gets its required marks and described-by links from Field and the schema, and an error
// summary from the shared hook's component: checked on the server-rendered HTML, as a reader without
// JavaScript receives it.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { z } from "zod";
import { ErrorSummary } from "~/components/ErrorSummary";
import { Field, fieldA11y } from "~/components/Field";
import { isRequiredField } from "~/components/schemaRequired";
import { registrationSchema } from "~/schemas/auth";

const schema = z.object({
  title: z.string().trim().min(1, "validation.required"),
  note: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  consent: z.literal("on"),
  members: z.array(z.object({ name: z.string().min(1), phone: z.string().optional() })).min(1),
  nested: z.object({ amount: z.coerce.number().min(1) }).optional(),
});

describe("required fields come from the schema the server checks with", () => {
  it("marks a field that refuses both an empty box and a missing value", () => {
    expect(isRequiredField(schema, "title")).toBe(true);
    expect(isRequiredField(schema, "consent")).toBe(true);
    expect(isRequiredField(schema, "members.0.name")).toBe(true);
    expect(isRequiredField(schema, "nested.amount")).toBe(true);
  });

  it("does not mark optional fields, lists themselves, or names the schema does not know", () => {
    expect(isRequiredField(schema, "note")).toBe(false);
    expect(isRequiredField(schema, "members.0.phone")).toBe(false);
    expect(isRequiredField(schema, "members")).toBe(false);
    expect(isRequiredField(schema, "__proto__")).toBe(false);
    expect(isRequiredField(schema, "members.x.name")).toBe(false);
  });

  it("reads the real registration schema (refined objects included)", () => {
    expect(isRequiredField(registrationSchema, "username")).toBe(true);
    expect(isRequiredField(registrationSchema, "mobile")).toBe(true);
  });
});

describe("Field wires its control for assistive technology", () => {
  it("links the hint and the error with aria-describedby and shows a visible mark for a required control", () => {
    const html = renderToStaticMarkup(
      h(Field, { name: "title", label: "项目名称", hint: "不超过 30 字", error: "请填写", children: h("input", { ...fieldA11y("title", "请填写"), "aria-required": true }) }),
    );
    expect(html).toContain('aria-describedby="title-error title-hint"');
    expect(html).toContain('aria-required="true"');
    // The mark sits beside the label (hidden from screen readers, which hear "required" instead), so the
    // field's accessible name stays exactly its label.
    expect(html).toMatch(/<label for="title">项目名称<\/label><span class="required-mark" aria-hidden="true"[^>]*>\*<\/span>/);
    expect(html).toContain('id="title-hint"');
    expect(html).toContain('id="title-error"');
  });

  it("leaves an optional field unmarked and points only at the hint while there is no error", () => {
    const html = renderToStaticMarkup(h(Field, { name: "note", label: "备注", hint: "选填", children: h("textarea", fieldA11y("note")) }));
    expect(html).toContain('aria-describedby="note-hint"');
    expect(html).not.toContain("aria-required");
    expect(html).not.toContain("required-mark");
  });

  it("honours a plain required attribute on controls of forms without the hook", () => {
    const html = renderToStaticMarkup(h(Field, { name: "u", label: "用户名", children: h("input", { id: "u", name: "u", required: true }) }));
    expect(html).toContain('aria-required="true"');
    expect(html).toContain("required-mark");
  });
});

describe("error summary", () => {
  it("renders a focusable, autofocused alert listing each problem as a link to its field", () => {
    const html = renderToStaticMarkup(h(ErrorSummary, { items: [{ name: "title", message: "请填写项目名称" }, { name: "members.0.name", message: "请填写姓名" }], autoFocus: true }));
    expect(html).toContain('role="alert"');
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain("autofocus");
    expect(html).toContain("提交的内容有 2 处需要修改");
    expect(html).toContain('<a href="#members.0.name">请填写姓名</a>');
  });

  it("renders nothing when there is nothing to fix", () => {
    expect(renderToStaticMarkup(h(ErrorSummary, { items: [] }))).toBe("");
  });
});
