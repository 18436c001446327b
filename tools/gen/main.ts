/** `npm run gen`: writes the generated files from protocol/ops.ts (see ./index.ts). */
import * as fs from 'fs';
import * as path from 'path';
import { PROTOCOL_SPEC } from '../../protocol/ops';
import { generate } from './index';

const ROOT = path.join(__dirname, '..', '..');
const files = generate(PROTOCOL_SPEC);
for (const [rel, text] of Object.entries(files)) {
  const file = path.join(ROOT, rel);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (old === text) continue;
  fs.writeFileSync(file, text);
  console.log('wrote ' + rel);
}
