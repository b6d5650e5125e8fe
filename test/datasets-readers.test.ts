import { describe, expect, it } from 'vitest';
import { parseJsonSniffed, readRecordsFromBytes } from '../src/datasets/readers.js';
import { UserError } from '../src/util/errors.js';
import { parquetFixtureBytes } from './helpers/parquet-fixture.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function rejects(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('.json sniffing', () => {
  it('reads a JSON array', () => {
    expect(parseJsonSniffed(' [{"a": 1}, {"a": 2}]\n', 'f.json')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads JSON Lines saved as .json (CareQA_en.json), skipping blank lines', () => {
    expect(parseJsonSniffed('{"a": 1}\n\n{"a": 2}\r\n{"a": 3}', 'f.json')).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('reads {"data": [...]} (MedDialog iCliniq)', () => {
    expect(parseJsonSniffed('{"data": [{"src": "s", "tgt": "t"}], "version": 1}', 'f.json')).toEqual([{ src: 's', tgt: 't' }]);
  });

  it('reads an object keyed by id (HPAI prompt_engine), keeping the key as _key', () => {
    const text = '{"u1": {"question": "q1", "options": {"A": "x"}}, "u2": {"question": "q2", "options": {"A": "y"}}}';
    expect(parseJsonSniffed(text, 'f.json')).toEqual([
      { _key: 'u1', question: 'q1', options: { A: 'x' } },
      { _key: 'u2', question: 'q2', options: { A: 'y' } },
    ]);
  });

  it('reads a single-record JSON Lines file as one record', () => {
    expect(parseJsonSniffed('{"question": "q", "answer": "a"}\n', 'f.json')).toEqual([{ question: 'q', answer: 'a' }]);
  });

  it('names the file and line of a broken JSON Lines record', () => {
    expect(() => parseJsonSniffed('{"a": 1}\n{"a": 2}\n{"a": \n', 'repo/f.json')).toThrow(/^repo\/f.json: line 3 is not valid JSON .*fix or remove that line$/);
  });

  it('rejects text that is not JSON and a broken array', () => {
    expect(() => parseJsonSniffed('id,question\n1,q', 'f.json')).toThrow(/f.json: is not JSON/);
    expect(() => parseJsonSniffed('[{"a": 1},', 'f.json')).toThrow(/f.json: is a JSON array that does not parse/);
    expect(() => parseJsonSniffed('"text"', 'f.json')).toThrow(UserError);
  });
});

describe('readRecordsFromBytes by format', () => {
  it('reads .jsonl and strips a byte-order mark', async () => {
    expect(await readRecordsFromBytes(utf8('\uFEFF{"a": "x"}\n{"a": "y"}\n'), 'd/t.jsonl', 't')).toEqual([{ a: 'x' }, { a: 'y' }]);
  });

  it('reads CSV with a header, quoted commas, quotes and multi-line fields, CRLF records', async () => {
    const csv = 'ID,dialogue,note\r\n0,"Doctor: Hi, how are you?\nPatient: ""Fine""",note one\r\n1,plain,"two\r\nlines"\r\n';
    expect(await readRecordsFromBytes(utf8(csv), 'x.csv', 'x.csv')).toEqual([
      { ID: '0', dialogue: 'Doctor: Hi, how are you?\nPatient: "Fine"', note: 'note one' },
      { ID: '1', dialogue: 'plain', note: 'two\r\nlines' },
    ]);
  });

  it('names the file of a CSV with a ragged row', async () => {
    const err = await rejects(readRecordsFromBytes(utf8('a,b\n1,2\n3\n'), 'x.csv', 'github:o/r/x.csv'));
    expect(err.message).toMatch(/^github:o\/r\/x.csv: is not valid CSV \(.*line 3.*\); fix the file$/);
  });

  it('reads parquet, INT64 as BigInt, lists and nested structs', async () => {
    const bytes = parquetFixtureBytes({
      columns: { question: 'string', choices: 'string[]', answer: 'int64', meta: { year: 'int32', tags: ['string'] } },
      rows: [
        { question: 'q', choices: ['a', 'b'], answer: 1, meta: { year: 2020, tags: ['x'] } },
        { question: null, choices: [], answer: null, meta: null },
      ],
    });
    const rows = await readRecordsFromBytes(bytes, 'data/test-00000-of-00001.parquet', 'test');
    expect(rows[0]).toEqual({ question: 'q', choices: ['a', 'b'], answer: 1n, meta: { year: 2020, tags: ['x'] } });
    expect((rows[1] as { question: unknown }).question).toBeNull();
  });

  it('rejects a corrupt parquet file, invalid UTF-8 and unknown formats, naming the file', async () => {
    expect((await rejects(readRecordsFromBytes(utf8('not parquet at all'), 'a.parquet', 'r/a.parquet'))).message).toMatch(
      /^r\/a.parquet: is not a readable parquet file/,
    );
    expect((await rejects(readRecordsFromBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'a.json', 'r/a.json'))).message).toMatch(
      /^r\/a.json: is not valid UTF-8 text/,
    );
    expect((await rejects(readRecordsFromBytes(utf8('<xml/>'), 'a.xml', 'r/a.xml'))).message).toMatch(/unsupported format ".xml"/);
  });
});
