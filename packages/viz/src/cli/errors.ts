/** Errors the CLI reports as one line, with the exit status that tells them apart. */
export class CliError extends Error {
  override name = 'CliError';
  /** 1: the file could not be read, drawn or written; 2: the command line itself is wrong. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string) {
    super(`${message} (see gradviz --help)`, 2);
  }
}
