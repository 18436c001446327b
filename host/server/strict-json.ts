/**
 * JSON for request bodies and WebSocket messages, stricter than JSON.parse: a key given twice in
 * one object is refused (JSON.parse keeps the last, so `{"x":1e9,"x":0.5}` and its reverse meant
 * different things), `__proto__` is refused as a field (never merged into anything), and
 * nesting is capped. Every refusal is a ServerError (400) naming the fault.
 */
import { ServerError, ServerErrorCode } from './errors';

/** Deepest nesting a request needs is 2 (`{"xs": [..]}`); this leaves room and bounds recursion. */
export const MAX_JSON_DEPTH = 32;

function keyPath(path: string, key: string): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return path === '' ? shown : `${path}.${shown}`;
}

/** Walks JSON text that JSON.parse already accepted, checking its object keys. */
class KeyScanner {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  run(): void {
    this.value('', 0);
  }

  private ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) this.i++;
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private value(path: string, depth: number): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      if (depth >= MAX_JSON_DEPTH) {
        throw new ServerError(ServerErrorCode.BAD_JSON, 400, `the ${this.what} is nested deeper than ${MAX_JSON_DEPTH} levels`, { field: path || null, allowed: `at most ${MAX_JSON_DEPTH} levels of nesting` });
      }
      if (c === '{') this.object(path, depth + 1);
      else this.array(path, depth + 1);
    } else if (c === '"') this.string();
    else while (this.i < this.text.length && !',]} \t\n\r'.includes(this.text[this.i])) this.i++;
  }

  private object(path: string, depth: number): void {
    this.i++;
    const seen = new Set<string>();
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      const field = keyPath(path, key);
      if (key === '__proto__') {
        throw new ServerError(ServerErrorCode.BAD_FIELD, 400, `the ${this.what} has a "__proto__" key${path ? ` in ${path}` : ''}: not a field this API knows`, { field, allowed: 'the documented fields only' });
      }
      if (seen.has(key)) {
        throw new ServerError(ServerErrorCode.BAD_JSON, 400, `the ${this.what} gives key "${field}" twice: each key may appear once`, { field, allowed: 'each key once' });
      }
      seen.add(key);
      this.ws();
      this.i++; // ':'
      this.value(field, depth);
      this.ws();
      if (this.text[this.i++] === '}') return;
    }
  }

  private array(path: string, depth: number): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    let n = 0;
    for (;;) {
      this.value(`${path}[${n++}]`, depth);
      this.ws();
      if (this.text[this.i++] === ']') return;
    }
  }
}

/** Parses `text` as the JSON `what` ("body", "message"); ServerError 400 on any fault. */
export function parseStrictJson(text: string, what: string): unknown {
  if (text.trim() === '') {
    throw new ServerError(ServerErrorCode.BAD_JSON, 400, `the ${what} is empty: send a JSON object`, { field: 'body', allowed: 'a JSON object' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ServerError(ServerErrorCode.BAD_JSON, 400, `the ${what} is not valid JSON: ${(err as Error).message}`, { field: 'body', allowed: 'a JSON object' });
  }
  new KeyScanner(text, what).run();
  return value;
}
