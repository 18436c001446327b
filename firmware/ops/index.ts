/** The dispatch table: op code → handler, one entry per op in OP_TABLE. */
import { Op } from '../../protocol/ops';
import { activate } from './activate';
import { activateMany } from './activate-many';
import { calGet, calPut } from './cal';
import { configGet, configSet } from './config';
import { consoleOp } from './console';
import { heartbeat } from './heartbeat';
import { hello } from './hello';
import type { OpHandler } from './op';
import { pulse } from './pulse';
import { read } from './read';
import { safe } from './safe';
import { select } from './select';
import { selftest } from './selftest';
import { setReset } from './set-reset';
import { status } from './status';
import { sweep } from './sweep';

export function opHandlers(): (OpHandler | undefined)[] {
  const t: (OpHandler | undefined)[] = [];
  for (let i = 0; i <= Op.CONSOLE; i++) t.push(undefined);
  t[Op.HELLO] = hello;
  t[Op.STATUS] = status;
  t[Op.CONFIG_GET] = configGet;
  t[Op.CONFIG_SET] = configSet;
  t[Op.SELECT] = select;
  t[Op.PULSE] = pulse;
  t[Op.READ] = read;
  t[Op.SET_RESET] = setReset;
  t[Op.SWEEP] = sweep;
  t[Op.CAL_PUT] = calPut;
  t[Op.CAL_GET] = calGet;
  t[Op.ACTIVATE] = activate;
  t[Op.ACTIVATE_MANY] = activateMany;
  t[Op.SELFTEST] = selftest;
  t[Op.SAFE] = safe;
  t[Op.HEARTBEAT] = heartbeat;
  t[Op.CONSOLE] = consoleOp;
  return t;
}
