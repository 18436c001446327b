/**
 * Generates board/definitions/board.schema.json from the `BoardDefinition` type in
 * board/definitions/definition.ts. Run `npx ts-node board/definitions/gen-schema.ts` after changing the type;
 * tests/board/schema.test.ts fails while the committed schema is stale.
 *
 * ts-json-schema-generator 2.10 declares `engines: node >= 22`; it works on Node 20 here
 * (checked by that test, which runs it on every `make test`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { createGenerator } from 'ts-json-schema-generator';

export const BOARD_SCHEMA_PATH = path.join(__dirname, 'board.schema.json');

/** The schema text exactly as it is committed (2-space JSON, trailing newline). */
export function generateBoardSchemaText(): string {
  const generator = createGenerator({
    path: path.join(__dirname, 'definition.ts'),
    tsconfig: path.join(__dirname, '..', '..', 'tsconfig.json'),
    type: 'BoardDefinition',
    additionalProperties: false,
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
  });
  const schema = generator.createSchema('BoardDefinition');
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(BOARD_SCHEMA_PATH, generateBoardSchemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), BOARD_SCHEMA_PATH)}\n`);
}
