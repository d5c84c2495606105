import type { AuditCheck, AuditResult } from '../../demo/audit/audit';
import { OutsideFindings, scenarioVerdict } from './scenario-verdict';

const clean: OutsideFindings = {
  acceptedButMissing: 0,
  approvedButMissing: 0,
  eventsNotOnTopic: 0,
  resultsNotOnTopic: 0,
  deadLettersWithoutReason: 0,
  poisonNotDeadLettered: 0,
};

const check = (name: string, kind: AuditCheck['kind'], violations: number): AuditCheck => ({
  name,
  kind,
  rule: name,
  ok: violations === 0,
  violations,
  examples: [],
});

const audit = (checks: AuditCheck[]): AuditResult => ({
  ok: checks.every((c) => c.ok),
  checks,
  totals: {
    tollExits: 70,
    tollSettled: 60,
    tollDeclined: 6,
    tollFailed: 1,
    tollPending: 0,
    tillPayments: 30,
    tillApproved: 25,
    tillDeclined: 3,
  },
});

const input = (checks: AuditCheck[], outside = clean) => ({
  scenario: 'relay-kill',
  title: 'Relay',
  chargesIn: 100,
  audit: audit(checks),
  outside,
  recoverSeconds: 4.2,
});

describe('scenarioVerdict', () => {
  it('passes with zero in the three money columns when every check holds', () => {
    const row = scenarioVerdict(input([check('a', 'lost', 0), check('b', 'double', 0)]));
    expect(row).toMatchObject({
      status: 'passed',
      settled: 85,
      declined: 9,
      failed: 3, // 1 toll FAILED + 2 till payments neither approved nor declined
      lost: 0,
      doubleCharged: 0,
      chargedWithoutGoods: 0,
      violations: [],
    });
  });

  it('takes the largest count per kind (overlapping checks are not added up) and lists every check', () => {
    const row = scenarioVerdict(
      input([
        check('exit pending', 'lost', 3),
        check('no ledger', 'lost', 2),
        check('twice', 'double', 1),
      ]),
    );
    expect(row.status).toBe('failed');
    expect(row.lost).toBe(3);
    expect(row.doubleCharged).toBe(1);
    expect(row.violations).toEqual([
      { check: 'exit pending', count: 3 },
      { check: 'no ledger', count: 2 },
      { check: 'twice', count: 1 },
    ]);
  });

  it('counts what only Kafka or the clients show: an event missing from its topic is lost', () => {
    const row = scenarioVerdict(input([check('a', 'lost', 0)], { ...clean, eventsNotOnTopic: 4 }));
    expect(row).toMatchObject({ status: 'failed', lost: 4 });
    expect(row.violations).toEqual([{ check: 'outbox event not on the charges topic', count: 4 }]);
  });

  it('fails a scenario whose backlog did not become final, counting what is left', () => {
    const a = audit([check('a', 'lost', 0)]);
    a.totals.tollPending = 2;
    a.totals.tillUnresolved = 1;
    const row = scenarioVerdict({ ...input([]), audit: a, recoverSeconds: null });
    expect(row.status).toBe('failed');
    expect(row.violations).toEqual([
      { check: 'backlog final before the drain deadline', count: 3 },
    ]);
  });

  it('fails a scenario whose fault could not be injected, with the reason', () => {
    const row = scenarioVerdict({ ...input([]), error: 'fault not supported by this build' });
    expect(row).toMatchObject({ status: 'failed', note: 'fault not supported by this build' });
  });
});
