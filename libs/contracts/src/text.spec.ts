import { textSchema } from './text';

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
