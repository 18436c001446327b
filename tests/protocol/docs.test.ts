/**
 * docs/protocol.md agrees with the code: its generated sections (op table, field types, error
 * codes, events, limits, frame overhead, schema hash) are exactly what the code produces, and
 * every op of OP_TABLE appears. UPDATE_PROTOCOL_DOC=1 rewrites the sections.
 */
import * as fs from 'fs';
import { OP_TABLE, CRC32_NAME } from '../../protocol';
import { DOC_PATH, readDoc, regenerate } from './protocol-doc';

describe('docs/protocol.md', () => {
  it('generated sections match the code', () => {
    const doc = readDoc();
    const fresh = regenerate(doc);
    if (process.env.UPDATE_PROTOCOL_DOC && fresh !== doc) fs.writeFileSync(DOC_PATH, fresh);
    else expect(doc).toBe(fresh);
  });

  it('every op of OP_TABLE appears with its code', () => {
    const doc = readDoc();
    for (const op of OP_TABLE) expect(doc).toContain(`| ${op.code} | \`${op.name}\` |`);
  });

  it('names the CRC variant and its check value', () => {
    const doc = readDoc();
    expect(doc).toContain(CRC32_NAME);
    expect(doc).toContain('0xCBF43926');
  });
});
