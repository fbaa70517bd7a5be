/** Turns anything thrown into the name / message / stack triple the report stores. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const name = errorName(error);
    const message = error.message;
    let stack = error.stack ?? `${name}: ${message}`;
    // V8 writes the stack's first line with `error.name`; show the class name we report instead.
    if (name !== error.name && stack.startsWith(`${error.name}:`))
      stack = name + stack.slice(error.name.length);
    return { name, message, stack };
  }
  if (typeof DOMException !== 'undefined' && error instanceof DOMException) {
    const e = error as DOMException;
    return { name: e.name, message: e.message, stack: `${e.name}: ${e.message}` };
  }
  const message = typeof error === 'string' ? error : safeString(error);
  return { name: 'Error', message, stack: `Error: ${message}` };
}

/** `'<ErrorName>: <message>'`, the form pydantic-evals records for failures. */
export function formatErrorMessage(error: unknown): string {
  const { name, message } = serializeError(error);
  return `${name}: ${message}`;
}

function errorName(error: Error): string {
  // A subclass that forgot to set `name` still reports its class name.
  if (error.name === 'Error' && error.constructor !== Error && error.constructor?.name) {
    return error.constructor.name;
  }
  return error.name || 'Error';
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
