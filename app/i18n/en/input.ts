// English messages for refused request bodies and uploads (same keys as zh-CN/input.ts).
import type { input as zh } from "../zh-CN/input";

export const input: Partial<Record<keyof typeof zh, string>> = {
  "input.error.fieldName": "Invalid form field name (__proto__, constructor, prototype are not allowed); request refused.",
  "input.error.tooDeep": "Form field nesting is too deep; request refused.",
  "input.error.indexTooLarge": "Form row number too large (at most {max} rows); request refused.",
  "input.error.tooManyFields": "Too many form fields (at most {max}); request refused.",
  "input.error.tooManyFiles": "Too many files (at most {max}).",
  "input.error.bodyTooLarge": "The submission is too large (limit {mb} MB); request refused.",
  "input.error.fileTooLarge": "File too large (limit {mb} MB per file).",
  "input.error.fieldTooLarge": "A form field is too long; request refused.",
  "input.error.contentType": "Unsupported submission format: please use the form on the page.",
  "review.conflict.afterSubmission": "You have already submitted your score for this proposal; it is locked and you can no longer recuse yourself. If there is a conflict of interest, contact the organizer, who can withdraw the assignment with a reason on the assignment board. This request has been recorded in the audit log.",
  "review.conflict.recusedProposal": "(recused from: {title})",
  "input.audit.headTitle": "Audit log head",
  "input.audit.headIntro": "Every action on the platform is written to a hash-chained audit log. Keep the head below: anyone can later check that the log was not cut or rewritten.",
  "input.audit.headLine": "As of {at}: {rows} records; head hash:",
  "input.audit.exportLine": "Audit log head: {rows} records, hash {hash} (exported {at})",
  "review.award.alreadyDecided": "An award decision for this proposal already exists; it cannot be decided twice.",
  "input.error.malformed": "The form data is malformed and cannot be read; reload the page and submit again.",
  "input.echo.filesAgain": "What you typed has been kept; for safety the browser does not keep chosen attachments, so please choose them again.",
};
