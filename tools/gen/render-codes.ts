/** Renders protocol/codes.ts: the spec's codes as `as const` objects (Op, Event, ErrorCode, WarningCode). */
import type { ProtocolSpec } from '../../protocol/spec/types';
import { upperSnake } from './check';
import { generatedHeader } from './header';

function constObject(name: string, typeName: string, entries: readonly { name: string; code: number }[], constName: (n: string) => string): string {
  const lines = entries
    .slice()
    .sort((a, b) => a.code - b.code)
    .map((e) => `  ${constName(e.name)}: ${e.code},`);
  return [`export const ${name} = {`, ...lines, '} as const;', `export type ${typeName} = (typeof ${name})[keyof typeof ${name}];`].join('\n');
}

export function renderCodes(spec: ProtocolSpec): string {
  const same = (n: string): string => n;
  return [
    generatedHeader(),
    '/** The spec\'s codes as constants (the firmware bundle folds them in at build time). */',
    constObject('Op', 'OpCode', spec.ops, upperSnake),
    '',
    constObject('Event', 'EventCode', spec.events, upperSnake),
    '',
    constObject('ErrorCode', 'ErrorCodeValue', spec.errors, same),
    '',
    constObject('WarningCode', 'WarningCodeValue', spec.warnings, same),
    '',
  ].join('\n');
}
