// Form field names and bodies an attacker controls: prototype pollution, huge indexes, huge or endless
// bodies, wrong content types. Each case must end in a 4xx Response with a Chinese message.
import { z } from "zod";
import { tMaybe } from "../../app/i18n";
import { formDataToObject, parseWithSchema } from "../../app/utils/forms";
import { isBodyRejection, readForm, uploadLimits } from "../../app/utils/request-body.server";

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

async function refusal(fn: () => unknown): Promise<Response> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

function post(body: BodyInit | null, contentType?: string, headers: Record<string, string> = {}): Request {
  const h = new Headers(headers);
  if (contentType) h.set("Content-Type", contentType);
  return new Request("http://localhost/x", { method: "POST", body, headers: h, duplex: "half" } as RequestInit);
}

/** A body that would be `total` bytes long, generated lazily; `pulled()` tells how much was read. */
function endlessBody(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x61));
    },
  });
  return { stream, pulled: () => sent };
}

describe("formDataToObject against hostile field names", () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).displayName).toBeUndefined();
    expect(Object.prototype.toString).toBe(Object.prototype.toString);
  });

  it("refuses constructor.prototype.toString with a 400 and leaves Object.prototype alone", async () => {
    const original = Object.prototype.toString;
    const response = await refusal(() => formDataToObject(form([["constructor.prototype.toString", "x"]])));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/字段名不合法/);
    expect(Object.prototype.toString).toBe(original);
    expect(String({})).toBe("[object Object]");
  });

  it("refuses __proto__.displayName so nothing is planted into later objects", async () => {
    const response = await refusal(() => formDataToObject(form([["__proto__.displayName", "X"]])));
    expect(response.status).toBe(400);
    expect(({} as { displayName?: string }).displayName).toBeUndefined();
  });

  it("refuses prototype segments anywhere in the path", async () => {
    for (const name of ["a.__proto__", "rows.0.constructor", "x.prototype.y", "__proto__"]) {
      expect((await refusal(() => formDataToObject(form([[name, "1"]])))).status).toBe(400);
    }
  });

  it("builds objects without prototypes", () => {
    const out = formDataToObject(form([["a.b", "1"], ["toString", "2"]]));
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.getPrototypeOf(out.a)).toBeNull();
    expect(out.toString).toBe("2");
  });

  it("refuses a row number like rows.99999999.x instead of allocating a huge array", async () => {
    const response = await refusal(() => formDataToObject(form([["rows.99999999.x", "1"]])));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/行号过大/);
  });

  it("refuses deep paths and too many fields", async () => {
    expect((await refusal(() => formDataToObject(form([["a.b.c.d.e.f.g.h.i.j", "1"]])))).status).toBe(400);
    const many = form(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, "1"] as [string, string]));
    expect((await refusal(() => formDataToObject(many))).status).toBe(413);
  });

  it("refuses a field that is both a value and a group instead of crashing", async () => {
    expect((await refusal(() => formDataToObject(form([["a", "1"], ["a.b", "2"]])))).status).toBe(400);
    expect((await refusal(() => formDataToObject(form([["a.b", "2"], ["a", "1"]])))).status).toBe(400);
  });

  it("still reads ordinary nested rows in order and repeated values as lists", () => {
    const out = formDataToObject(form([["budget.1.amount", "2"], ["budget.0.amount", "1"], ["tag", "a"], ["tag", "b"], ["intent", "x"]]));
    expect(JSON.parse(JSON.stringify(out))).toEqual({ budget: [{ amount: "1" }, { amount: "2" }], tag: ["a", "b"] });
  });
});

describe("readForm bounds the body while it streams", () => {
  it("cuts a chunked 120 MB urlencoded POST without content-length off early with 413", async () => {
    const body = endlessBody(120 * 1024 * 1024);
    const response = await refusal(() => readForm(post(body.stream, "application/x-www-form-urlencoded")));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/提交的内容过大/);
    expect(body.pulled()).toBeLessThan(3 * 1024 * 1024);
  });

  it("cuts a chunked 120 MB multipart POST off early with 413", async () => {
    const head = new TextEncoder().encode('--B\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\n\r\n');
    const body = endlessBody(120 * 1024 * 1024);
    const reader = body.stream.getReader();
    let first = true;
    const stream = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (first) {
          first = false;
          return c.enqueue(head);
        }
        const { done, value } = await reader.read();
        if (done) c.close();
        else c.enqueue(value);
      },
    });
    const response = await refusal(() => readForm(post(stream, "multipart/form-data; boundary=B"), uploadLimits(1, 10 * 1024 * 1024)));
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(14 * 1024 * 1024);
  });

  it("refuses a declared content-length over the limit before reading", async () => {
    const body = endlessBody(10 * 1024 * 1024);
    const response = await refusal(() => readForm(post(body.stream, "application/x-www-form-urlencoded", { "Content-Length": String(5 * 1024 * 1024) })));
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(1024 * 1024);
  });

  it("refuses JSON, text/plain and binary bodies with 415", async () => {
    for (const type of ["application/json", "text/plain", "application/octet-stream"]) {
      const response = await refusal(() => readForm(post('{"a":1}', type)));
      expect(response.status).toBe(415);
      expect(isBodyRejection(response, 415)).toBe(true);
      expect(await response.text()).toMatch(/不支持的提交格式/);
    }
  });

  it("refuses multipart without a boundary and reads a wrong boundary as an empty form", async () => {
    expect((await refusal(() => readForm(post("garbage", "multipart/form-data")))).status).toBe(400);
    const wrong = await readForm(post("--A\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--A--\r\n", "multipart/form-data; boundary=B")).catch((e) => e);
    if (wrong instanceof Response) expect(wrong.status).toBe(400);
    else expect([...wrong.keys()]).toEqual([]);
  });

  it("refuses hostile names in urlencoded and multipart bodies", async () => {
    expect((await refusal(() => readForm(post("constructor.prototype.toString=x", "application/x-www-form-urlencoded")))).status).toBe(400);
    const multipart = '--B\r\nContent-Disposition: form-data; name="__proto__.x"\r\n\r\n1\r\n--B--\r\n';
    expect((await refusal(() => readForm(post(multipart, "multipart/form-data; boundary=B"))))).toHaveProperty("status", 400);
  });

  it("refuses 10,000 fields and files on a form that takes none", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `f${i}=1`).join("&");
    expect((await refusal(() => readForm(post(many, "application/x-www-form-urlencoded")))).status).toBe(413);
    const file = '--B\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\n\r\n%PDF-1\r\n--B--\r\n';
    expect((await refusal(() => readForm(post(file, "multipart/form-data; boundary=B")))).status).toBe(413);
  });

  it("reads ordinary forms: urlencoded, multipart with a file, and an empty body", async () => {
    const f = await readForm(post("a=1&b=%E4%B8%AD", "application/x-www-form-urlencoded"));
    expect(f.get("a")).toBe("1");
    expect(f.get("b")).toBe("中");
    const body = '--B\r\nContent-Disposition: form-data; name="t"\r\n\r\n中文\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n--B\r\nContent-Disposition: form-data; name="g"; filename=""\r\n\r\n\r\n--B--\r\n';
    const m = await readForm(post(body, 'multipart/form-data; boundary="B"'), uploadLimits(1, 1024));
    expect(m.get("t")).toBe("中文");
    expect(await (m.get("f") as File).text()).toBe("%PDF-1");
    expect(m.get("g")).toBeNull();
    expect([...(await readForm(post(null))).keys()]).toEqual([]);
  });
});

describe("a hand-made post a schema gave no message for still gets a Chinese one", () => {
  // schemas whose strings carry no message of their own: zod's English fallback must not reach a person
  const schema = z.object({ name: z.string().min(1, "validation.required"), count: z.coerce.number().int(), tags: z.string() });

  it("answers a left-out field with 此项为必填 and a value of the wrong shape with a format message", () => {
    const parsed = parseWithSchema(schema, formDataToObject(form([["count", "abc"], ["tags.0", "x"]])));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.fieldErrors).toEqual({ name: "validation.required", count: "validation.invalidValue", tags: "validation.invalidValue" });
    for (const message of Object.values(parsed.fieldErrors)) expect(tMaybe(message)).toMatch(/[\u4e00-\u9fff]/);
  });

  it("keeps the schema's own message where it has one", () => {
    const parsed = parseWithSchema(schema, { name: "", count: "1", tags: "a" });
    expect(parsed.success ? null : parsed.fieldErrors).toEqual({ name: "validation.required" });
  });
});
