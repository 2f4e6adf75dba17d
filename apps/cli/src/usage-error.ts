/** A mistake in how the CLI was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** A failure as the CLI prints it: its message's first line, never a stack. */
export const oneLineMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];
