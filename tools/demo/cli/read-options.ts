/**
 * Parses a tool's command line: its options, or the exit code to leave with
 * when there is nothing to run — 0 after printing the help it asked for, 2
 * after printing what was wrong with it and the help.
 */
export function readOptions<O>(
  parse: () => O | 'help',
  help: string,
): { options: O } | { exitCode: number } {
  let parsed: O | 'help';
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${help}`);
    return { exitCode: 2 };
  }
  if (parsed === 'help') {
    process.stdout.write(help);
    return { exitCode: 0 };
  }
  return { options: parsed };
}
