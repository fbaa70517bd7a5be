import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, parseCsvObjects } from './helpers/csv.js';

describe('the test CSV parser (RFC 4180)', () => {
  it.each([
    ['', []],
    ['a', [['a']]],
    ['a,b\r\n', [['a', 'b']]],
    [
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a,,c\r\n', [['a', '', 'c']]],
    [',\r\n', [['', '']]],
    ['""\r\n', [['']]],
    ['"a,b",c\r\n', [['a,b', 'c']]],
    ['"say ""hi""",x\r\n', [['say "hi"', 'x']]],
    [
      '"line1\r\nline2","x\ny"\r\nz,w\r\n',
      [
        ['line1\r\nline2', 'x\ny'],
        ['z', 'w'],
      ],
    ],
    ['"",""', [['', '']]],
    ['a b , c\r\n', [['a b ', ' c']]],
  ])('parses %j', (text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it.each([
    ['a"b\r\n', 'Quote inside an unquoted field'],
    ['"ab"c\r\n', 'Unexpected character after a closing quote'],
    ['"abc', 'Unterminated quoted field'],
    ['a\nb', 'Bare line break'],
    ['a\rb', 'Bare line break'],
    ['"a"\n', 'Unexpected character after a closing quote'],
  ])('rejects %j', (text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it('maps records to the header and checks their length', () => {
    expect(parseCsvObjects('x,y\r\n1,2\r\n')).toEqual([{ x: '1', y: '2' }]);
    expect(() => parseCsvObjects('x,y\r\n1\r\n')).toThrow('1 fields');
  });
});
