/**
 * The number patterns of libphonenumber's metadata as deterministic automata over the ten
 * digits. The metadata's patterns use a small part of regular-expression syntax (digits, `\d`,
 * classes such as `[2-57-9]`, groups `(?:…)`, `|`, and the quantifiers `{n}`, `{n,m}`, `?`,
 * `*`, `+`), and what they are tested against is a string of digits, so an automaton answers
 * the same question as the RegExp with one table look-up per digit, without a string to test.
 * A pattern outside that syntax keeps its RegExp.
 */

/** Bit d set: the digit d is allowed. */
type DigitMask = number;

const ALL_DIGITS: DigitMask = 0x3ff;
const UNBOUNDED = -1;

type Node = { kind: 'digits'; mask: DigitMask } | { kind: 'sequence'; items: Node[] } | { kind: 'choice'; options: Node[] } | { kind: 'repeat'; item: Node; min: number; max: number };

class UnsupportedPattern extends Error {}

class PatternParser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.choice();
    if (this.at !== this.source.length) this.fail();
    return node;
  }

  private choice(): Node {
    const options = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'choice', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'sequence', items };
  }

  private atom(): Node {
    const char = this.source[this.at] as string;
    if (char >= '0' && char <= '9') {
      this.at++;
      return { kind: 'digits', mask: 1 << Number(char) };
    }
    if (this.source.startsWith('\\d', this.at)) {
      this.at += 2;
      return { kind: 'digits', mask: ALL_DIGITS };
    }
    if (char === '[') return this.digitClass();
    if (this.source.startsWith('(?:', this.at)) {
      this.at += 3;
      const inner = this.choice();
      if (this.source[this.at] !== ')') this.fail();
      this.at++;
      return inner;
    }
    return this.fail();
  }

  private digitClass(): Node {
    this.at++; // [
    let mask = 0;
    while (this.source[this.at] !== ']') {
      if (this.source.startsWith('\\d', this.at)) {
        mask |= ALL_DIGITS;
        this.at += 2;
        continue;
      }
      const from = this.digit();
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']') {
        this.at++;
        const to = this.digit();
        if (to < from) this.fail();
        for (let d = from; d <= to; d++) mask |= 1 << d;
      } else {
        mask |= 1 << from;
      }
    }
    this.at++; // ]
    return { kind: 'digits', mask };
  }

  private digit(): number {
    const char = this.source[this.at];
    if (char === undefined || char < '0' || char > '9') this.fail();
    this.at++;
    return Number(char);
  }

  private quantified(item: Node): Node {
    const char = this.source[this.at];
    if (char === '?' || char === '*' || char === '+') {
      this.at++;
      return { kind: 'repeat', item, min: char === '+' ? 1 : 0, max: char === '?' ? 1 : UNBOUNDED };
    }
    if (char !== '{') return item;
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
    if (!match) return this.fail();
    this.at += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? UNBOUNDED : Number(match[3]);
    if (max !== UNBOUNDED && max < min) this.fail();
    return { kind: 'repeat', item, min, max };
  }

  private fail(): never {
    throw new UnsupportedPattern(`unsupported pattern syntax at ${this.at} in ${this.source}`);
  }
}

/** A nondeterministic automaton (Thompson's construction): empty moves and digit moves. */
class Nfa {
  readonly empty: number[][] = [];
  readonly moves: { mask: DigitMask; to: number }[][] = [];
  private mark = new Int32Array(0);
  private stamp = 0;

  node(): number {
    this.empty.push([]);
    this.moves.push([]);
    return this.empty.length - 1;
  }

  private link(from: number, to: number): void {
    this.empty[from]?.push(to);
  }

  /** Builds `node` between two fresh states; returns [start, end]. */
  build(node: Node): [number, number] {
    const start = this.node();
    let end = start;
    const append = (item: Node) => {
      const [from, to] = this.build(item);
      this.link(end, from);
      end = to;
    };
    switch (node.kind) {
      case 'digits': {
        end = this.node();
        this.moves[start]?.push({ mask: node.mask, to: end });
        return [start, end];
      }
      case 'sequence':
        for (const item of node.items) append(item);
        return [start, end];
      case 'choice': {
        end = this.node();
        for (const option of node.options) {
          const [from, to] = this.build(option);
          this.link(start, from);
          this.link(to, end);
        }
        return [start, end];
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) append(node.item);
        const after = this.node();
        if (node.max === UNBOUNDED) {
          const [from, to] = this.build(node.item);
          this.link(end, from);
          this.link(to, from);
          this.link(to, after);
        } else {
          for (let i = node.min; i < node.max; i++) {
            this.link(end, after);
            append(node.item);
          }
        }
        this.link(end, after);
        return [start, after];
      }
    }
  }

  /** The states reachable from `states` by empty moves, sorted. */
  closure(states: readonly number[]): Int32Array {
    if (this.mark.length < this.empty.length) this.mark = new Int32Array(this.empty.length);
    const mark = this.mark;
    const stamp = ++this.stamp;
    const found: number[] = [];
    const stack = states.slice();
    while (stack.length > 0) {
      const state = stack.pop() as number;
      if (mark[state] === stamp) continue;
      mark[state] = stamp;
      found.push(state);
      for (const next of this.empty[state] as number[]) if (mark[next] !== stamp) stack.push(next);
    }
    return Int32Array.from(found).sort();
  }
}

/** More states than any phone pattern needs: a sign that the pattern is not one. */
const MAX_STATES = 20_000;

/** Subset construction over the Thompson automaton; throws UnsupportedPattern for other syntax. */
function buildAutomaton(source: string): { transitions: Int32Array; accepting: Uint8Array } {
  const nfa = new Nfa();
  const [start, end] = nfa.build(new PatternParser(source).parse());
  const ids = new Map<string, number>();
  const sets: Int32Array[] = [];
  const transitions: number[] = [];
  const accepting: number[] = [];
  const add = (set: Int32Array): number => {
    const key = set.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      if (sets.length >= MAX_STATES) throw new UnsupportedPattern(`pattern too large: ${source}`);
      id = sets.length;
      ids.set(key, id);
      sets.push(set);
      accepting.push(set.includes(end) ? 1 : 0);
    }
    return id;
  };
  add(nfa.closure([start]));
  for (let id = 0; id < sets.length; id++) {
    const set = sets[id] as Int32Array;
    for (let digit = 0; digit < 10; digit++) {
      const next: number[] = [];
      for (const state of set) for (const move of nfa.moves[state] ?? []) if (move.mask & (1 << digit)) next.push(move.to);
      transitions[id * 10 + digit] = next.length === 0 ? -1 : add(nfa.closure(next));
    }
  }
  return { transitions: Int32Array.from(transitions), accepting: Uint8Array.from(accepting) };
}

const NOT_BUILT = new Int32Array(0);
const NO_AUTOMATON = new Int32Array(0);

/**
 * One pattern, tested against digits (values 0–9) as RegExp `^(?:pattern)$` tests the string of
 * those digits. The automaton is built on first use (a list of US numbers needs the US patterns
 * and no others); a pattern outside the syntax above keeps its RegExp.
 */
export class DigitPattern {
  /** next state = transitions[state * 10 + digit]; -1: no match is possible any more. */
  private transitions: Int32Array = NOT_BUILT;
  private accepting: Uint8Array = new Uint8Array(0);
  private whole: RegExp | null = null;
  private start: RegExp | null = null;

  constructor(readonly source: string) {}

  /** Whether the automaton is used (false: the pattern's syntax is not covered, its RegExp is). */
  get automaton(): boolean {
    return this.build() !== NO_AUTOMATON;
  }

  /** Whether all of `digits` match: RegExp `^(?:pattern)$`. */
  matches(digits: Uint8Array): boolean {
    let transitions = this.transitions;
    if (transitions === NOT_BUILT) transitions = this.build();
    if (transitions === NO_AUTOMATON) return (this.whole as RegExp).test(digits.join(''));
    let state = 0;
    for (let i = 0; i < digits.length; i++) {
      state = transitions[state * 10 + (digits[i] as number)] as number;
      if (state < 0) return false;
    }
    return this.accepting[state] === 1;
  }

  /** Whether the digits begin with a match: RegExp `^(?:pattern)` tested on them. */
  matchesStart(digits: Uint8Array): boolean {
    let transitions = this.transitions;
    if (transitions === NOT_BUILT) transitions = this.build();
    if (transitions === NO_AUTOMATON) return (this.start as RegExp).test(digits.join(''));
    const accepting = this.accepting;
    if (accepting[0] === 1) return true;
    let state = 0;
    for (let i = 0; i < digits.length; i++) {
      state = transitions[state * 10 + (digits[i] as number)] as number;
      if (state < 0) return false;
      if (accepting[state] === 1) return true;
    }
    return false;
  }

  private build(): Int32Array {
    if (this.transitions !== NOT_BUILT) return this.transitions;
    try {
      const { transitions, accepting } = buildAutomaton(this.source);
      this.transitions = transitions;
      this.accepting = accepting;
    } catch (error) {
      if (!(error instanceof UnsupportedPattern)) throw error;
      this.whole = new RegExp(`^(?:${this.source})$`);
      this.start = new RegExp(`^(?:${this.source})`);
      this.transitions = NO_AUTOMATON;
    }
    return this.transitions;
  }
}
