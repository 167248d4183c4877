// Test-wide environment: cheap password hashing and a fixed session secret.
process.env.PASSWORD_HASH_COST_LOG2 ??= "10";
process.env.SESSION_SECRET ??= "test-session-secret";
process.env.TZ ??= "UTC";
process.env.AUDIT_ANCHOR_KEY ??= "test-audit-anchor-key";
