/**
 * Errors are values users can act on: a stable code, a message that names the file, row,
 * column or setting at fault, and never a stack trace. The CLI maps codes to exit statuses;
 * the UI shows the message.
 */
export const ERROR_CODES = [
  'USAGE',
  'INPUT',
  'NOTHING_TO_SEND',
  'NEEDS_APPROVAL',
  'TRANSFER',
  'AUTH',
  'HOST_KEY',
  'CANCELED',
  'INVALID_PAYLOAD',
  'UNTRUSTED_SENDER',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The plain-data shape of an error as it crosses a process boundary. */
export interface TxpErrorData {
  code: ErrorCode;
  message: string;
}

export class TxpError extends Error {
  readonly code: ErrorCode;
  /** A passing fault (a dropped connection, a timeout) that is worth trying again. */
  readonly transient: boolean;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; transient?: boolean }) {
    super(message, options);
    this.name = 'TxpError';
    this.code = code;
    this.transient = options?.transient ?? false;
  }

  toData(): TxpErrorData {
    return { code: this.code, message: this.message };
  }

  static fromData(data: TxpErrorData): TxpError {
    return new TxpError(data.code, data.message);
  }
}

/** Exit statuses of the `txp` command line (DESIGN.md §5). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
      return 2;
    case 'INPUT':
      return 3;
    case 'NOTHING_TO_SEND':
      return 5;
    case 'NEEDS_APPROVAL':
      return 6;
    case 'TRANSFER':
    case 'AUTH':
    case 'HOST_KEY':
      return 4;
    case 'CANCELED':
      return 130;
    default:
      return 1;
  }
}

/** Turns anything thrown into a TxpError, keeping TxpErrors as they are. */
export function toTxpError(error: unknown): TxpError {
  if (error instanceof TxpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TxpError('INTERNAL', message, { cause: error });
}
