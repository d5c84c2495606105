import { textRecordSchema, textSchema } from './text';

describe('textSchema', () => {
  const text = textSchema({ max: 10 });

  it.each([
    ['a NUL', 'a\u0000b', 'NUL'],
    ['a lone high surrogate', 'a\ud800', 'surrogate'],
    ['a lone low surrogate', '\udc00a', 'surrogate'],
    ['too long', 'x'.repeat(11), 'at most 10'],
    ['empty', '', 'empty'],
  ])('refuses %s, saying why', (_what, value, reason) => {
    const result = text.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain(reason);
  });

  it.each([
    ['plain', 'order-1'],
    ['a surrogate pair (emoji)', 'ok 👍'],
    ['accents', 'café'],
    ['a tab', 'a\tb'],
  ])('accepts %s', (_what, value) => {
    expect(text.safeParse(value).success).toBe(true);
  });
});

describe('textRecordSchema', () => {
  const record = textRecordSchema({ maxKeys: 2, keyMax: 5, valueMax: 5 });

  it.each([
    ['a __proto__ key (it would vanish from the parsed map)', '{"__proto__":"a"}', '__proto__'],
    ['a NUL in a key', '{"a\\u0000":"a"}', 'NUL'],
    ['a lone surrogate in a value', '{"a":"\\ud800"}', 'surrogate'],
    ['too many keys', '{"a":"1","b":"2","c":"3"}', 'at most 2 keys'],
  ])('refuses %s', (_what, json, reason) => {
    const result = record.safeParse(JSON.parse(json));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(reason);
  });

  it('keeps every key it accepts', () => {
    expect(
      textRecordSchema({ maxKeys: 2, keyMax: 12, valueMax: 5 }).parse(
        JSON.parse('{"constructor":"x","b":""}'),
      ),
    ).toEqual({ constructor: 'x', b: '' });
  });
});
