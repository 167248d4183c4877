import fc from "fast-check";
import { allocateProRata } from "~/domain/attribution";
import { canSubmitReport, evaluationOutcome, gradeForScore, parseScore } from "~/domain/evaluation";

describe("milestone evaluation grades (domain-practice §7)", () => {
  it("grades 90 and above 优秀, 80–89.99 良好, 60–79.99 合格, below 60 不合格", () => {
    expect(gradeForScore(10000)).toBe("excellent");
    expect(gradeForScore(9000)).toBe("excellent");
    expect(gradeForScore(8999)).toBe("good");
    expect(gradeForScore(8000)).toBe("good");
    expect(gradeForScore(7999)).toBe("pass");
    expect(gradeForScore(6000)).toBe("pass");
    expect(gradeForScore(5999)).toBe("fail");
    expect(gradeForScore(0)).toBe("fail");
  });

  it("reads scores with at most two decimals up to 100", () => {
    expect(parseScore("85.5")).toBe(8550);
    expect(parseScore("100")).toBe(10000);
    expect(parseScore("100.01")).toBeNull();
    expect(parseScore("59.999")).toBeNull();
    expect(parseScore("-1")).toBeNull();
  });

  it("pays on a pass, allows one rectification after a first fail, and terminates on the second", () => {
    expect(evaluationOutcome("submitted", 0, "pass")).toEqual({ kind: "pay", status: "paid", failCount: 0 });
    expect(evaluationOutcome("submitted", 0, "fail")).toEqual({ kind: "rectify", status: "rectifying", failCount: 1 });
    expect(evaluationOutcome("submitted", 1, "good")).toEqual({ kind: "pay", status: "paid", failCount: 1 });
    expect(evaluationOutcome("submitted", 1, "fail")).toEqual({ kind: "terminate", status: "failed", failCount: 2 });
    expect(() => evaluationOutcome("paid", 0, "pass")).toThrow();
  });

  it("accepts a report only after the earlier tranches are paid", () => {
    const all = [
      { seq: 1, status: "pending" as const, requires_report: 0 },
      { seq: 2, status: "pending" as const, requires_report: 1 },
    ];
    expect(canSubmitReport(all[1], all)).toBe(false);
    expect(canSubmitReport(all[1], [{ ...all[0], status: "paid" }, all[1]])).toBe(true);
    expect(canSubmitReport({ ...all[1], status: "rectifying" }, [{ ...all[0], status: "paid" }, all[1]])).toBe(true);
    expect(canSubmitReport(all[0], all)).toBe(false);
  });
});

describe("pro-rata attribution of payments to sponsors", () => {
  it("gives each sponsor its share of the received money, to the fen", () => {
    expect(allocateProRata(1000, [300, 100])).toEqual([750, 250]);
    expect(allocateProRata(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProRata(100, [0, 0])).toEqual([0, 0]);
  });

  it("never loses or invents a fen", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 11 }), fc.array(fc.integer({ min: 0, max: 10 ** 11 }), { minLength: 1, maxLength: 8 }), (amount, weights) => {
        const parts = allocateProRata(amount, weights);
        const total = weights.reduce((a, b) => a + b, 0);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total > 0 ? amount : 0);
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(0);
          if (weights[i] === 0) expect(p).toBe(0);
        });
      }),
    );
  });
});

describe("overdue tranches", () => {
  it("is overdue the day after its due date while still waiting, never once paid", async () => {
    const { isOverdue } = await import("~/domain/evaluation");
    expect(isOverdue({ due_on: "2021-08-16", status: "pending" }, "2021-08-16")).toBe(false);
    expect(isOverdue({ due_on: "2021-08-16", status: "pending" }, "2021-08-17")).toBe(true);
    expect(isOverdue({ due_on: "2021-08-16", status: "rectifying" }, "2021-09-01")).toBe(true);
    expect(isOverdue({ due_on: "2021-08-16", status: "paid" }, "2021-09-01")).toBe(false);
    expect(isOverdue({ due_on: "2021-08-16", status: "submitted" }, "2021-09-01")).toBe(false);
  });
});

describe("a report missing after its due date", () => {
  it("counts as a fail: first rectification, then termination; never before the deadline or for the signing tranche", async () => {
    const { missedDeadlineOutcome } = await import("~/domain/evaluation");
    const m = { due_on: "2022-01-28", status: "pending" as const, fail_count: 0, requires_report: 1 };
    expect(missedDeadlineOutcome(m, "2022-01-28")).toBeNull();
    expect(missedDeadlineOutcome(m, "2022-01-29")).toEqual({ kind: "rectify", status: "rectifying", failCount: 1 });
    expect(missedDeadlineOutcome({ ...m, status: "rectifying", fail_count: 1 }, "2022-03-01")).toEqual({ kind: "terminate", status: "failed", failCount: 2 });
    expect(missedDeadlineOutcome({ ...m, status: "submitted" }, "2022-03-01")).toBeNull();
    expect(missedDeadlineOutcome({ ...m, requires_report: 0 }, "2022-03-01")).toBeNull();
  });
});
