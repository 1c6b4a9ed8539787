/** A usage or configuration problem of a gate run: exit code 2, never a decision. */
export class GateConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateConfigError';
  }
}
