/** A failure already explained in one message: printed as is, no stack, and the process exits `code`. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

