/** Splits OData V2 expression text ($filter, key predicates, function parameters) into tokens. */

export type Token =
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'name'; value: string; position: number }
  | { kind: 'punct'; value: '(' | ')' | ',' | '='; position: number }
  | { kind: 'end'; position: number };

/** Bad expression text; `position` is the 0-based offset where reading failed. */
export class ODataSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'ODataSyntaxError';
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const WHITESPACE = /\s/;

/** Reads a `'...'` literal starting at `start` (the opening quote); a doubled quote is one quote. */
function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start + 1;
  for (;;) {
    if (index >= source.length) throw new ODataSyntaxError('Unterminated string literal', start);
    const char = source[index] as string;
    if (char === "'") {
      if (source[index + 1] === "'") {
        value += "'";
        index += 2;
        continue;
      }
      return { value, end: index + 1 };
    }
    value += char;
    index += 1;
  }
}

function readNumber(source: string, start: number): { text: string; end: number } {
  let index = start;
  if (source[index] === '-') index += 1;
  while (index < source.length && DIGIT.test(source[index] as string)) index += 1;
  if (source[index] === '.') {
    index += 1;
    const fractionStart = index;
    while (index < source.length && DIGIT.test(source[index] as string)) index += 1;
    if (index === fractionStart) throw new ODataSyntaxError('Malformed number', start);
  }
  // A letter glued to a number (12.5M, 1e3) is a typed or exponent literal: outside the subset.
  if (index < source.length && NAME_PART.test(source[index] as string)) throw new ODataSyntaxError('Unsupported numeric literal', start);
  return { text: source.slice(start, index), end: index };
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (WHITESPACE.test(char)) {
      index += 1;
    } else if (char === "'") {
      const { value, end } = readString(source, index);
      tokens.push({ kind: 'string', value, position: index });
      index = end;
    } else if (DIGIT.test(char) || (char === '-' && DIGIT.test(source[index + 1] ?? ''))) {
      const { text, end } = readNumber(source, index);
      tokens.push({ kind: 'number', value: Number(text), text, position: index });
      index = end;
    } else if (NAME_START.test(char)) {
      const start = index;
      while (index < source.length && NAME_PART.test(source[index] as string)) index += 1;
      // A name glued to a quote is a typed literal (datetime'…', guid'…'): the sandbox's subset has none.
      if (source[index] === "'") throw new ODataSyntaxError(`Typed literal ${source.slice(start, index)}'…' is not supported`, start);
      tokens.push({ kind: 'name', value: source.slice(start, index), position: start });
    } else if (char === '(' || char === ')' || char === ',' || char === '=') {
      tokens.push({ kind: 'punct', value: char, position: index });
      index += 1;
    } else {
      throw new ODataSyntaxError(`Unexpected character '${char}'`, index);
    }
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}

/** A token as the user wrote it, for messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'string':
      return `'${token.value.replace(/'/g, "''")}'`;
    case 'number':
      return token.text;
    case 'name':
    case 'punct':
      return `'${token.value}'`;
    case 'end':
      return 'end of expression';
  }
}

/** A cursor over tokens, shared by the recursive-descent readers. */
export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** Whether the next token is the punctuation or (keyword) name given. */
  isAt(kind: 'punct' | 'name', value: string): boolean {
    const token = this.peek();
    return token.kind === kind && token.value === value;
  }

  expectPunct(value: '(' | ')' | ',' | '='): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.value !== value) throw new ODataSyntaxError(`Expected '${value}' but found ${describeToken(token)}`, token.position);
    return token;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new ODataSyntaxError(`Unexpected ${describeToken(token)}`, token.position);
  }
}
