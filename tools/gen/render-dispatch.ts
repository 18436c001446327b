/**
 * Renders firmware/ops/index.ts: the dispatch table, op code → handler. Each op's handler is
 * the export named like the op in firmware/ops/<kebab-name>.ts (activateMany →
 * ./activate-many), so adding an op is its spec entry plus that file.
 */
import type { ProtocolSpec } from '../../protocol/spec/types';
import { kebab } from './check';
import { generatedHeader } from './header';

export function renderDispatch(spec: ProtocolSpec): string {
  const ops = spec.ops.slice().sort((a, b) => a.code - b.code);
  const imports = ops
    .slice()
    .sort((a, b) => (kebab(a.name) < kebab(b.name) ? -1 : 1))
    .map((o) => `import { ${o.name} } from './${kebab(o.name)}';`);
  const entries = ops.map((o) => `    ${o.name},`);
  return [
    generatedHeader(),
    `/** The dispatch table: op code → handler, one entry per op of the spec (codes 1…${ops.length}). */`,
    ...imports,
    "import type { OpHandler } from './op';",
    '',
    '/** Index = op code; code 0 is no op. */',
    'export function opHandlers(): (OpHandler | undefined)[] {',
    '  return [',
    '    undefined,',
    ...entries,
    '  ];',
    '}',
    '',
  ].join('\n');
}
