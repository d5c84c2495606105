import type { AuditResult, ViolationKind } from '../../demo/audit/audit';

/** Findings from outside Postgres for one scenario (Kafka, and what the clients were told). */
export interface OutsideFindings {
  /** Exits the lane saw accepted (202) that are not in the database. */
  acceptedButMissing: number;
  /** Till payments answered 201 that are not approved in the database. */
  approvedButMissing: number;
  /** Outbox events of the scenario not found on the charges topic. */
  eventsNotOnTopic: number;
  /** Final toll charges with no result on the results topic. */
  resultsNotOnTopic: number;
  /** Dead letters (either DLQ) without the reason header. */
  deadLettersWithoutReason: number;
  /** Poison records injected by the scenario that did not reach their DLQ. */
  poisonNotDeadLettered: number;
}

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

/** One row of the report. */
export interface ScenarioRow {
  scenario: string;
  title: string;
  status: ScenarioStatus;
  /** Why it was skipped or failed before the audit (e.g. "fault not supported by this build"). */
  note: string | null;
  chargesIn: number;
  settled: number;
  declined: number;
  failed: number;
  lost: number;
  doubleCharged: number;
  chargedWithoutGoods: number;
  /** Seconds from healing the fault until the scenario's backlog was final; null if it never drained. */
  recoverSeconds: number | null;
  /** Every invariant that did not hold, with its count. */
  violations: Array<{ check: string; count: number }>;
  /** Up to 5 offending rows per failed database check (JSON report only). */
  examples?: Record<string, unknown[]>;
  /** What the scenario did, as it happened. */
  notes?: string[];
}

export interface VerdictInput {
  scenario: string;
  title: string;
  chargesIn: number;
  audit: AuditResult;
  outside: OutsideFindings;
  recoverSeconds: number | null;
  /** Set when the scenario could not run its fault (the row fails with this note). */
  error?: string;
}

const n = (totals: AuditResult['totals'], key: string) => Number(totals[key] ?? 0);

/**
 * The row for one scenario. The bold columns take, per kind, the largest
 * violation count among the checks of that kind: the checks overlap (one
 * stuck charge breaks several), so a sum would count it twice; the row is a
 * lower bound and `violations` lists every check with its own count.
 */
export function scenarioVerdict(input: VerdictInput): ScenarioRow {
  const { audit, outside } = input;
  const worst = (kind: ViolationKind, extra: number[] = []) =>
    Math.max(0, ...extra, ...audit.checks.filter((c) => c.kind === kind).map((c) => c.violations));
  const violations = audit.checks
    .filter((c) => !c.ok)
    .map((c) => ({ check: c.name, count: c.violations }));
  const outsideChecks: Array<[string, number]> = [
    ['accepted exit missing from the database', outside.acceptedButMissing],
    ['approved till payment missing from the database', outside.approvedButMissing],
    ['outbox event not on the charges topic', outside.eventsNotOnTopic],
    ['final charge has no result on the results topic', outside.resultsNotOnTopic],
    ['dead letter without its reason header', outside.deadLettersWithoutReason],
    ['poison record not dead-lettered', outside.poisonNotDeadLettered],
  ];
  for (const [check, count] of outsideChecks) if (count > 0) violations.push({ check, count });
  if (input.recoverSeconds === null) {
    // Pending toll charges, and till payments whose outcome is still unknown.
    const left = n(audit.totals, 'tollPending') + n(audit.totals, 'tillUnresolved');
    violations.push({ check: 'backlog final before the drain deadline', count: left });
  }
  const t = audit.totals;
  const tillApproved = n(t, 'tillApproved');
  const tillDeclined = n(t, 'tillDeclined');
  const tillOther = n(t, 'tillPayments') - tillApproved - tillDeclined;
  const failedRun = input.error !== undefined;
  return {
    scenario: input.scenario,
    title: input.title,
    status: failedRun || violations.length > 0 ? 'failed' : 'passed',
    note: input.error ?? null,
    chargesIn: input.chargesIn,
    settled: n(t, 'tollSettled') + tillApproved,
    declined: n(t, 'tollDeclined') + tillDeclined,
    failed: n(t, 'tollFailed') + tillOther,
    lost: worst('lost', [
      outside.acceptedButMissing,
      outside.approvedButMissing,
      outside.eventsNotOnTopic,
      outside.resultsNotOnTopic,
    ]),
    doubleCharged: worst('double'),
    chargedWithoutGoods: worst('withoutGoods'),
    recoverSeconds: input.recoverSeconds,
    violations,
    examples: Object.fromEntries(
      audit.checks.filter((c) => !c.ok).map((c) => [c.name, c.examples]),
    ),
  };
}

export function skippedRow(scenario: string, title: string, why: string): ScenarioRow {
  return {
    scenario,
    title,
    status: 'skipped',
    note: why,
    chargesIn: 0,
    settled: 0,
    declined: 0,
    failed: 0,
    lost: 0,
    doubleCharged: 0,
    chargedWithoutGoods: 0,
    recoverSeconds: null,
    violations: [],
  };
}
