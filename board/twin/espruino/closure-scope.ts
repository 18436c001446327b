/**
 * The objects a function closes over, read through V8's inspector (same thread, synchronous).
 * The firmware bundle keeps its state in objects reachable only from closures (its entry's
 * `fw` is a local of `boot()`, held by the 'init' handler), and its names are minified: the
 * twin reaches that state without a firmware change and without knowing any name.
 */
import * as inspector from 'inspector';
import * as vm from 'vm';
import { TwinError } from '../errors';

interface RemoteObject {
  type: string;
  objectId?: string;
  description?: string;
}
interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
}
interface PropertiesResult {
  result: PropertyDescriptor[];
  internalProperties?: PropertyDescriptor[];
}

const HANDOFF = '__nucleonClosureValue';

/**
 * The object values of the innermost closure scope of `fn`, in the scope's order (primitives
 * are left out: a scope's primitives cannot be written back). Throws
 * TwinError('BAD_ARGUMENT') when `fn` closes over nothing.
 */
export function innermostClosureObjects(fn: (...args: never[]) => unknown): object[] {
  const session = new inspector.Session();
  session.connect();
  // The inspector evaluates in the process's main context: this module may run in another one
  // (jest's), so the hand-off object goes on the main context's global.
  const g = vm.runInThisContext('globalThis') as { [HANDOFF]?: { fn: unknown; value: unknown } };
  const holder: { fn: unknown; value: unknown } = { fn, value: undefined };
  const post = <T>(method: string, params: object): T => {
    let out: T | undefined;
    let failure: Error | null = null;
    session.post(method, params, (error, result) => {
      failure = error;
      out = result as T;
    });
    if (failure !== null) throw failure;
    if (out === undefined) throw new TwinError('BAD_ARGUMENT', `inspector ${method} did not answer synchronously`);
    return out;
  };
  try {
    g[HANDOFF] = holder;
    const holderId = post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis.${HANDOFF}` }).result.objectId;
    const fnId = post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis.${HANDOFF}.fn` }).result.objectId;
    if (holderId === undefined || fnId === undefined) throw new TwinError('BAD_ARGUMENT', 'the inspector cannot see the function');
    const props = post<PropertiesResult>('Runtime.getProperties', { objectId: fnId, ownProperties: true });
    const scopes = props.internalProperties?.find((p) => p.name === '[[Scopes]]')?.value?.objectId;
    if (scopes === undefined) throw new TwinError('BAD_ARGUMENT', 'the function has no scopes');
    const list = post<PropertiesResult>('Runtime.getProperties', { objectId: scopes, ownProperties: true });
    const closure = list.result.find((p) => p.value?.description?.startsWith('Closure') === true)?.value?.objectId;
    if (closure === undefined) throw new TwinError('BAD_ARGUMENT', 'the function closes over nothing');
    const vars = post<PropertiesResult>('Runtime.getProperties', { objectId: closure, ownProperties: true });
    const values: object[] = [];
    for (const v of vars.result) {
      const id = v.value?.objectId;
      if (id === undefined) continue;
      holder.value = undefined;
      post('Runtime.callFunctionOn', { objectId: id, functionDeclaration: 'function (h) { h.value = this; }', arguments: [{ objectId: holderId }] });
      const value = holder.value;
      if ((typeof value === 'object' && value !== null) || typeof value === 'function') values.push(value);
    }
    return values;
  } finally {
    delete g[HANDOFF];
    session.disconnect();
  }
}
