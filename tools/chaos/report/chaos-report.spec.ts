import { skippedRow, type ScenarioRow } from '../audit/scenario-verdict';
import { renderFindings, renderTable } from './chaos-report';

const row = (over: Partial<ScenarioRow>): ScenarioRow => ({
  ...skippedRow('x', 'X', ''),
  status: 'passed',
  note: null,
  ...over,
});

describe('chaos report', () => {
  it('renders one table row per scenario with the money columns and recovery time', () => {
    const table = renderTable([
      row({
        scenario: 'gateway-outage',
        chargesIn: 300,
        settled: 250,
        declined: 40,
        failed: 10,
        recoverSeconds: 12.5,
      }),
      row({ scenario: 'relay-pause', status: 'failed', lost: 2, recoverSeconds: null }),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('**lost**');
    expect(lines[2]).toBe('| gateway-outage | passed | 300 | 250 | 40 | 10 | 0 | 0 | 0 | 12.5 |');
    expect(lines[3]).toBe('| relay-pause | **FAILED** | 0 | 0 | 0 | 0 | 2 | 0 | 0 | – |');
  });

  it('explains only the rows that are not green', () => {
    const text = renderFindings([
      row({ scenario: 'ok' }),
      row({
        scenario: 'bad',
        status: 'failed',
        note: 'fault not supported by this build',
        violations: [{ check: 'c', count: 3 }],
      }),
      skippedRow('leader-kill', 'L', 'needs 3 brokers'),
    ]);
    expect(text.split('\n')).toEqual([
      '- **bad** (failed): fault not supported by this build; c: 3',
      '- **leader-kill** (skipped): needs 3 brokers',
    ]);
  });
});
