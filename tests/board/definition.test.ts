import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateBoardSchemaText, BOARD_SCHEMA_PATH } from '../../board/definitions/gen-schema';
import { loadBoardDefinition, validateBoardDefinition, listBoardIds, REFERENCE_BOARD_ID } from '../../board/definitions';
import { DefinitionError } from '../../board/definitions/errors';

function reference(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../board/definitions/nucleon-pico-ref.json'), 'utf8')) as Record<string, unknown>;
}

function expectBoardError(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).code).toBe('BAD_DEFINITION');
    expect((error as DefinitionError).message).toContain(field);
    return;
  }
  throw new Error(`expected a BAD_DEFINITION error naming ${field}`);
}

describe('board definition', () => {
  it('committed schema equals a fresh generation from the TS type', () => {
    expect(fs.readFileSync(BOARD_SCHEMA_PATH, 'utf8')).toBe(generateBoardSchemaText());
  }, 30000);

  it('reference board validates, by id and by path', () => {
    expect(listBoardIds()).toContain(REFERENCE_BOARD_ID);
    const def = loadBoardDefinition(REFERENCE_BOARD_ID);
    expect(def.id).toBe('nucleon-pico-ref');
    expect(def.populated).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(def.pins.select).toEqual(['B6', 'B5', 'B4', 'B3']);
    const byPath = loadBoardDefinition(path.join(__dirname, '../../board/definitions/nucleon-pico-ref.json'));
    expect(byPath).toEqual(def);
  });

  it('rejects a wrong type naming the field', () => {
    const bad = reference();
    (bad.lockin as Record<string, unknown>).filterOrder = 'four';
    expectBoardError(() => validateBoardDefinition(bad), 'lockin.filterOrder');
  });

  it('rejects a missing field naming it', () => {
    const bad = reference();
    delete (bad.dac as Record<string, unknown>).complianceV;
    expectBoardError(() => validateBoardDefinition(bad), 'dac.complianceV');
  });

  it('rejects an unknown field naming it', () => {
    const bad = reference();
    (bad.pins as Record<string, unknown>).led = 'A13';
    expectBoardError(() => validateBoardDefinition(bad), 'pins.led');
  });

  it('rejects a bad enum listing allowed values', () => {
    const bad = reference();
    bad.mcu = 'esp32';
    expectBoardError(() => validateBoardDefinition(bad), 'espruino-pico');
  });

  it('rejects semantic errors naming the field', () => {
    const bad = reference();
    bad.populated = [0, 1, 16];
    expectBoardError(() => validateBoardDefinition(bad), 'populated[2]');
    const bad2 = reference();
    (bad2.limits as Record<string, unknown>).minWidthUs = 500;
    expectBoardError(() => validateBoardDefinition(bad2), 'limits.minWidthUs');
  });

  it('rejects a bad file from disk with the path in the message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-board-'));
    const file = path.join(dir, 'bad.json');
    const bad = reference();
    (bad.adc as Record<string, unknown>).bits = -3;
    fs.writeFileSync(file, JSON.stringify(bad));
    expectBoardError(() => loadBoardDefinition(file), 'adc.bits');
    fs.writeFileSync(file, '{not json');
    expectBoardError(() => loadBoardDefinition(file), file);
  });

  it('unknown id is an UNKNOWN_BOARD error listing known ids', () => {
    expect(() => loadBoardDefinition('no-such-board')).toThrow(/nucleon-pico-ref/);
  });
});
