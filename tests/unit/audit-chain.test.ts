import { GENESIS_HASH, auditRowHash, verifyAuditChain } from "~/domain/audit-chain";

function chain(n: number) {
  const rows = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = { at: `2021-05-0${i}T00:00:00.000Z`, actor_id: 1, action: "x", entity_type: "t", entity_id: String(i), before_json: null, after_json: `{"i":${i}}` };
    const hash = auditRowHash(prev, content);
    rows.push({ ...content, id: i, prev_hash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("audit hash chain", () => {
  it("accepts an untouched chain", () => {
    expect(verifyAuditChain(chain(5))).toEqual([]);
  });

  it("names a row whose content was edited", () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], after_json: '{"i":999}' };
    expect(verifyAuditChain(rows)).toEqual([{ id: 3, problem: "hash_mismatch" }]);
  });

  it("detects a deleted middle row", () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyAuditChain(rows)).toEqual([{ id: 3, problem: "broken_link" }]);
  });
});
