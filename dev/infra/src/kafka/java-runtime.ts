import { spawnSync } from 'node:child_process';
import { JAVA_AND_MAVEN_HINT, MissingToolError } from '../errors/missing-tool.error';
import { findExecutable } from '../process/find-executable';

const MIN_JAVA = 17;
let checkedJava: string | undefined;

/** Path of a usable `java` (17+), or a MissingToolError saying what to install. */
export function requireJava(): string {
  if (checkedJava) return checkedJava;
  const javaHome = process.env.JAVA_HOME;
  const java = (javaHome && findExecutable(`${javaHome}/bin/java`)) || findExecutable('java');
  if (!java) throw new MissingToolError('java', JAVA_AND_MAVEN_HINT);
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  // `openjdk version "17.0.15"`, `java version "1.8.0_392"`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= MIN_JAVA)) {
    throw new MissingToolError(
      `Java ${MIN_JAVA}+`,
      JAVA_AND_MAVEN_HINT,
      `${java} reports ${match ? `version ${match[0].slice(9)}` : 'an unknown version'}`,
    );
  }
  checkedJava = java;
  return java;
}

export function requireMaven(): string {
  const mvn = findExecutable('mvn');
  if (!mvn) throw new MissingToolError('mvn (Maven)', JAVA_AND_MAVEN_HINT);
  return mvn;
}
