import { migrationChecksum, scriptMatchesChecksum } from './migration-checksum';

describe('migration checksums', () => {
  const script = 'CREATE TABLE "a" ("id" INTEGER);\nCREATE TABLE "b" ("id" INTEGER);\n';

  it('is the sha256 hex of the file bytes', () => {
    expect(migrationChecksum('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(migrationChecksum(Buffer.from(script))).toBe(migrationChecksum(script));
  });

  it('matches across LF/CRLF conversion, like Prisma', () => {
    const lf = migrationChecksum(script);
    const crlf = migrationChecksum(script.replace(/\n/g, '\r\n'));
    expect(scriptMatchesChecksum(script.replace(/\n/g, '\r\n'), lf)).toBe(true);
    expect(scriptMatchesChecksum(script, crlf)).toBe(true);
  });

  it('does not match an edited script', () => {
    expect(scriptMatchesChecksum(`${script}-- edit\n`, migrationChecksum(script))).toBe(false);
  });
});
