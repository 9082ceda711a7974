/** A mistake in how the command was called (exit status 64), shown without a stack trace. */
export class UsageError extends Error {}
