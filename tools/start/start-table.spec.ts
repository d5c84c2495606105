import { renderAppTable, renderCurlLines } from './start-table';

describe('npm start output', () => {
  it('lists each app with its docs, metrics and log in aligned columns', () => {
    const table = renderAppTable([
      { name: 'payment-gateway', url: 'http://127.0.0.1:4000', logFile: '/tmp/a/gw.log' },
      { name: 'pos-api', url: 'http://127.0.0.1:4100', logFile: '/tmp/b/pos.log' },
    ]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toContain('http://127.0.0.1:4000/docs');
    expect(table[3]).toContain('http://127.0.0.1:4100/metrics');
    expect(table[0].indexOf('OpenAPI docs')).toBe(table[3].indexOf('http://127.0.0.1:4100/docs'));
  });

  it('gives curl lines against the running apps with fresh idempotency keys', () => {
    const lines = renderCurlLines(
      {
        pos: 'http://127.0.0.1:4100',
        toll: 'http://127.0.0.1:3200',
        gateway: 'http://127.0.0.1:4000',
      },
      'secret-admin-token',
    );
    expect(lines).toContain('curl -si -X POST http://127.0.0.1:4100/pos/payments');
    expect(lines).toContain('curl -si -X POST http://127.0.0.1:3200/toll/exits');
    expect(lines).toContain("'http://127.0.0.1:3200/toll/charges?plate=AB-123'");
    expect(lines).toContain(
      "curl -s -X PUT http://127.0.0.1:4000/admin/faults -H 'x-admin-token: secret-admin-token'",
    );
    expect(lines.match(/idempotency-key: \w+-\$\(date \+%s%N\)/g)).toHaveLength(2);
  });
});
