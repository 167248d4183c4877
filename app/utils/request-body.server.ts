// Every action reads its body here: the content type is checked first, the bytes are counted while they
// stream in (a chunked 120 MB POST is cut off at the limit, nothing is buffered past it), field names are
// checked before anything is built from them, and parts, files and their sizes are bounded. A refusal is
// thrown as a 4xx Response with a Chinese message (the route's ErrorBoundary shows it); never a 500.
import { unstable_parseMultipartFormData } from "@remix-run/node";
import type { MessageKey } from "../i18n";
import { FORM_SHAPE_LIMITS, fieldNameProblem, formRejection } from "./forms";

export interface BodyLimits {
  /** The whole body, in bytes (headers of multipart parts included). */
  maxBytes?: number;
  /** Files accepted in a multipart body (0: the form takes no files). */
  maxFiles?: number;
  /** One file, in bytes. */
  maxFileBytes?: number;
  /** Fields (parts or name=value pairs) in the body. */
  maxFields?: number;
  /** One text field of a multipart body, in bytes. */
  maxFieldBytes?: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_BODY_LIMITS = {
  maxBytes: 1 * MiB,
  maxFiles: 0,
  maxFileBytes: 0,
  maxFields: FORM_SHAPE_LIMITS.maxFields,
  maxFieldBytes: 256 * 1024,
} satisfies Required<BodyLimits>;

/** Limits for a form with up to `maxFiles` uploads of `maxFileBytes` each, plus its ordinary fields. */
export function uploadLimits(maxFiles: number, maxFileBytes: number): BodyLimits {
  return { maxFiles, maxFileBytes, maxBytes: maxFiles * maxFileBytes + DEFAULT_BODY_LIMITS.maxBytes };
}

const mb = (bytes: number) => Math.max(1, Math.round(bytes / MiB));

/**
 * Stops reading a body we refuse. Not awaited: cancelling one branch of a cloned (tee'd) request
 * settles only once the other branch is cancelled too.
 */
function discard(body: ReadableStream<Uint8Array> | null): void {
  if (body && !body.locked) void body.cancel().catch(() => undefined);
}

/** Raised inside the body stream when the counted bytes pass the limit. */
class BodyTooLarge extends Error {}

/** Is `error` a refusal of the body with this status (e.g. 413), as thrown by readForm? */
export function isBodyRejection(error: unknown, status?: number): error is Response {
  return error instanceof Response && error.headers.get("X-Body-Rejected") === "1" && (status === undefined || error.status === status);
}

function reject(key: MessageKey, params: Record<string, number> | undefined, status: number): Response {
  const response = formRejection(key, params, status);
  response.headers.set("X-Body-Rejected", "1");
  return response;
}

/** The request's form, read within `limits`; throws a 400/413/415 Response for anything else. */
export async function readForm(request: Request, limits: BodyLimits = {}): Promise<FormData> {
  const l = { ...DEFAULT_BODY_LIMITS, ...limits };
  const contentType = request.headers.get("Content-Type") ?? "";
  const type = contentType.split(";")[0].trim().toLowerCase();
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > l.maxBytes) {
    discard(request.body);
    throw reject("input.error.bodyTooLarge", { mb: mb(l.maxBytes) }, 413);
  }
  if (type === "application/x-www-form-urlencoded") return readUrlEncoded(request, l);
  if (type === "multipart/form-data") return readMultipart(request, contentType, l);
  if (type === "" && (declared === "0" || !request.body)) return new FormData();
  if (type === "") {
    // No content type: an empty body is an empty form; anything else is refused.
    const bytes = await readAll(request.body, l.maxBytes);
    if (bytes.byteLength === 0) return new FormData();
  } else {
    discard(request.body);
  }
  throw reject("input.error.contentType", undefined, 415);
}

/** Reads a whole stream, refusing it as soon as it passes `maxBytes`. */
async function readAll(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw reject("input.error.bodyTooLarge", { mb: mb(maxBytes) }, 413);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    throw reject("input.error.malformed", undefined, 400);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

async function readUrlEncoded(request: Request, l: Required<BodyLimits>): Promise<FormData> {
  const bytes = await readAll(request.body, l.maxBytes);
  const text = new TextDecoder("utf-8").decode(bytes);
  let pairs = 0;
  for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1)) {
    if (++pairs >= l.maxFields) throw reject("input.error.tooManyFields", { max: l.maxFields }, 413);
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    throw reject("input.error.malformed", undefined, 400);
  }
  const form = new FormData();
  for (const [name, value] of params) {
    checkName(name);
    form.append(name, value);
  }
  return form;
}

function checkName(name: string): void {
  const problem = fieldNameProblem(name);
  if (problem) throw reject(problem.key, problem.params, 400);
}

/** Counts bytes as the multipart parser pulls them and errors the stream past the limit. */
function countingStream(body: ReadableStream<Uint8Array>, maxBytes: number) {
  const state = { total: 0, tripped: false };
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        state.total += chunk.byteLength;
        if (state.total > maxBytes) {
          state.tripped = true;
          controller.error(new BodyTooLarge());
        } else controller.enqueue(chunk);
      },
    }),
  );
  return { stream, state };
}

async function collect(data: AsyncIterable<Uint8Array>, max: number, tooLarge: () => Response): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw tooLarge();
    chunks.push(chunk);
  }
  return chunks;
}

async function readMultipart(request: Request, contentType: string, l: Required<BodyLimits>): Promise<FormData> {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value || !request.body || value.length > 200) {
    discard(request.body);
    throw reject("input.error.malformed", undefined, 400);
  }
  const { stream: source, state } = countingStream(request.body, l.maxBytes);
  const normalized = new Request(request.url, {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${value}` },
    body: source,
    duplex: "half",
  } as RequestInit);
  let parts = 0;
  let files = 0;
  try {
    return await unstable_parseMultipartFormData(normalized, async (part) => {
      if (++parts > l.maxFields) throw reject("input.error.tooManyFields", { max: l.maxFields }, 413);
      checkName(part.name);
      if (typeof part.filename === "string") {
        const chunks = await collect(part.data, l.maxFileBytes, () => reject("input.error.fileTooLarge", { mb: mb(l.maxFileBytes) }, 413));
        if (part.filename === "" && chunks.length === 0) return undefined; // an empty file input
        if (++files > l.maxFiles) throw reject("input.error.tooManyFiles", { max: l.maxFiles }, 413);
        return new File(chunks as BlobPart[], part.filename || "file", { type: part.contentType || "application/octet-stream" });
      }
      const chunks = await collect(part.data, l.maxFieldBytes, () => reject("input.error.fieldTooLarge", undefined, 413));
      return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
    });
  } catch (error) {
    void source.cancel().catch(() => undefined);
    if (state.tripped) throw reject("input.error.bodyTooLarge", { mb: mb(l.maxBytes) }, 413);
    if (error instanceof Response) throw error;
    if (error instanceof BodyTooLarge) throw reject("input.error.bodyTooLarge", { mb: mb(l.maxBytes) }, 413);
    throw reject("input.error.malformed", undefined, 400);
  }
}

/**
 * A copy of `request` whose body is the already-read, checked form (urlencoded), for libraries that read
 * the body themselves (remix-auth's FormStrategy): they never see the raw, unchecked bytes.
 */
export function formRequest(request: Request, form: FormData): Request {
  const headers = new Headers(request.headers);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.delete("Content-Length");
  const body = new URLSearchParams();
  for (const [name, value] of form) body.append(name, typeof value === "string" ? value : value.name);
  return new Request(request.url, { method: request.method, headers, body });
}
