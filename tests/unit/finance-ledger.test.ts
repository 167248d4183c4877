import fc from "fast-check";
import {
  LedgerError, NORMAL_SIDE, type Totals, accounts, applyLines, assertBalanced, assertCanPost, balanceOnNormalSide,
  commitmentEntry, contributionEntry, draftFingerprint, type EntryDraft, recoveryEntry, releaseEntry, trancheEntry,
} from "~/domain/ledger";

const C = 1;

describe("ledger entries", () => {
  it("builds every business event as one debit and one equal credit", () => {
    const entries = [
      contributionEntry({ competitionId: C, sponsorId: 2, contributionId: 3, amountFen: 500, memo: "" }),
      commitmentEntry({ competitionId: C, agreementId: 4, amountFen: 300, memo: "" }),
      trancheEntry({ competitionId: C, agreementId: 4, organizationId: 5, milestoneId: 6, amountFen: 150, memo: "" }),
      releaseEntry({ competitionId: C, agreementId: 4, amountFen: 150, memo: "" }),
      recoveryEntry({ competitionId: C, organizationId: 5, key: "k", amountFen: 100, memo: "" }),
    ];
    for (const e of entries) {
      expect(e.lines.map((l) => l.side)).toEqual(["debit", "credit"]);
      expect(e.lines[0].amountFen).toBe(e.lines[1].amountFen);
    }
    expect(entries.map((e) => e.idempotencyKey)).toEqual(["contribution:3", "commit:4", "tranche:6", "release:4", "recovery:k"]);
  });

  it("refuses an unbalanced entry, a zero, negative or fractional amount", () => {
    const pool = accounts.pool(C);
    const sponsor = accounts.sponsor(C, 1);
    expect(() => assertBalanced({ lines: [{ account: pool, side: "debit", amountFen: 100 }, { account: sponsor, side: "credit", amountFen: 99 }] }))
      .toThrow(LedgerError);
    for (const bad of [0, -1, 1.5]) {
      expect(() => contributionEntry({ competitionId: C, sponsorId: 1, contributionId: 1, amountFen: bad, memo: "" })).toThrow(/badAmount/);
    }
  });

  it("refuses a commitment larger than the uncommitted pool, naming what is available", () => {
    const before = applyLines(new Map(), contributionEntry({ competitionId: C, sponsorId: 1, contributionId: 1, amountFen: 1000, memo: "" }).lines);
    const draft = commitmentEntry({ competitionId: C, agreementId: 1, amountFen: 1001, memo: "" });
    try {
      assertCanPost(before, draft);
      expect.unreachable();
    } catch (e) {
      expect((e as LedgerError).key).toBe("finance.error.poolInsufficient");
      expect((e as LedgerError).detail).toEqual({ available: 1000 });
    }
    expect(() => assertCanPost(before, commitmentEntry({ competitionId: C, agreementId: 1, amountFen: 1000, memo: "" }))).not.toThrow();
  });

  it("tells a faithful retry from a conflicting reuse of the same key", () => {
    const a = commitmentEntry({ competitionId: C, agreementId: 1, amountFen: 1000, memo: "x" });
    const b = commitmentEntry({ competitionId: C, agreementId: 1, amountFen: 1000, memo: "y" });
    const c = commitmentEntry({ competitionId: C, agreementId: 1, amountFen: 999, memo: "x" });
    expect(draftFingerprint(a)).toBe(draftFingerprint(b));
    expect(draftFingerprint(a)).not.toBe(draftFingerprint(c));
  });
});

// A pure model: random business operations through the domain rules, posting only what assertCanPost
// allows, must leave every account at or above zero and Σdebit = Σcredit over everything.
type Op =
  | { t: "contribute"; sponsor: number; amount: number }
  | { t: "sign"; amount: number }
  | { t: "pay"; agreement: number; amount: number }
  | { t: "terminate"; agreement: number }
  | { t: "recover"; agreement: number; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant("contribute" as const), sponsor: fc.integer({ min: 1, max: 3 }), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ t: fc.constant("sign" as const), amount: fc.integer({ min: 1, max: 150_000 }) }),
  fc.record({ t: fc.constant("pay" as const), agreement: fc.integer({ min: 1, max: 6 }), amount: fc.integer({ min: 1, max: 80_000 }) }),
  fc.record({ t: fc.constant("terminate" as const), agreement: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ t: fc.constant("recover" as const), agreement: fc.integer({ min: 1, max: 6 }), amount: fc.integer({ min: 1, max: 50_000 }) }),
);

describe("the ledger rules under random operations", () => {
  it("never overdraws an account and always balances, whatever the sequence", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        let totals = new Map<string, Totals>();
        const kinds = new Map<string, keyof typeof NORMAL_SIDE>();
        const posted: EntryDraft[] = [];
        let agreements = 0;
        let seq = 0;
        const recovered = new Map<number, number>();
        const paid = new Map<number, number>();
        const post = (draft: EntryDraft) => {
          try {
            assertCanPost(totals, draft);
          } catch (e) {
            if (e instanceof LedgerError) return false;
            throw e;
          }
          totals = applyLines(totals, draft.lines);
          for (const l of draft.lines) kinds.set(l.account.code, l.account.kind);
          posted.push(draft);
          return true;
        };
        for (const op of ops) {
          seq += 1;
          if (op.t === "contribute") post(contributionEntry({ competitionId: C, sponsorId: op.sponsor, contributionId: seq, amountFen: op.amount, memo: "" }));
          if (op.t === "sign" && post(commitmentEntry({ competitionId: C, agreementId: agreements + 1, amountFen: op.amount, memo: "" }))) agreements += 1;
          if (op.t === "pay" && op.agreement <= agreements) {
            if (post(trancheEntry({ competitionId: C, agreementId: op.agreement, organizationId: op.agreement, milestoneId: seq, amountFen: op.amount, memo: "" }))) {
              paid.set(op.agreement, (paid.get(op.agreement) ?? 0) + op.amount);
            }
          }
          if (op.t === "terminate" && op.agreement <= agreements) {
            const left = balanceOnNormalSide("debit", totals.get(accounts.commitment(C, op.agreement).code) ?? { debit: 0, credit: 0 });
            if (left > 0) expect(post(releaseEntry({ competitionId: C, agreementId: op.agreement, amountFen: left, memo: "" }))).toBe(true);
          }
          if (op.t === "recover" && op.agreement <= agreements) {
            const already = recovered.get(op.agreement) ?? 0;
            if (already + op.amount <= (paid.get(op.agreement) ?? 0)) {
              expect(post(recoveryEntry({ competitionId: C, organizationId: op.agreement, key: String(seq), amountFen: op.amount, memo: "" }))).toBe(true);
              recovered.set(op.agreement, already + op.amount);
            }
          }
        }
        let debit = 0;
        let credit = 0;
        for (const [code, t] of totals) {
          expect(balanceOnNormalSide(NORMAL_SIDE[kinds.get(code)!], t)).toBeGreaterThanOrEqual(0);
          debit += t.debit;
          credit += t.credit;
        }
        expect(debit).toBe(credit);
        // Where the money is: pool + commitments + paid − recovered = sponsors.
        let assets = 0;
        let sources = 0;
        for (const [code, t] of totals) {
          const kind = kinds.get(code)!;
          const b = balanceOnNormalSide(NORMAL_SIDE[kind], t);
          if (NORMAL_SIDE[kind] === "debit") assets += b;
          else sources += b;
        }
        expect(assets).toBe(sources);
      }),
      { numRuns: 300 },
    );
  });
});
