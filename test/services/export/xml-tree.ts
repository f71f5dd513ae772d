/**
 * A strict reader of the package's XML parts, for the chart tests: it refuses what is not
 * well-formed (a tag closed out of turn, an attribute without quotes or given twice, a bare
 * `&` or `<`, an unknown entity, a namespace prefix never declared) and returns the tree.
 * Test-only: the parts are small, and no XML library is a dependency of the project.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/.test(raw)) throw new Error(`a bare < or & near ${where}`);
  return raw.replace(/&(#x[0-9A-Fa-f]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!,
  );
}

/** The document's root element; throws where the text is not well-formed XML. */
export function parseXml(xml: string): XmlElement {
  let at = 0;
  const skipSpace = () => {
    while (at < xml.length && /\s/.test(xml[at]!)) at += 1;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('an unclosed XML declaration');
    at = end + 2;
  }
  const stack: XmlElement[] = [];
  const scopes: Set<string>[] = [];
  let root: XmlElement | null = null;
  const declared = (prefix: string) => prefix === 'xml' || prefix === 'xmlns' || scopes.some((s) => s.has(prefix));
  const checkPrefix = (name: string, element: boolean) => {
    const colon = name.indexOf(':');
    if (colon > 0 && !declared(name.slice(0, colon))) throw new Error(`the prefix of ${name} is not declared`);
    if (colon < 0 && element && !declared('')) throw new Error(`${name} has no namespace`);
  };
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const text = xml.slice(at, lt < 0 ? xml.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 0) throw new Error(`text outside the root element near ${at}`);
      stack.at(-1)!.text += decode(text, at);
    }
    if (lt < 0) break;
    at = lt;
    if (xml.startsWith('</', at)) {
      const m = NAME.exec(xml.slice(at + 2));
      const open = stack.pop();
      scopes.pop();
      if (!m || !open || m[0] !== open.name) throw new Error(`</${m?.[0]}> closes <${open?.name}> near ${at}`);
      at += 2 + m[0].length;
      skipSpace();
      if (xml[at] !== '>') throw new Error(`a malformed end tag near ${at}`);
      at += 1;
      continue;
    }
    if (xml.startsWith('<!--', at)) {
      at = xml.indexOf('-->', at) + 3;
      if (at < 3) throw new Error('an unclosed comment');
      continue;
    }
    const m = NAME.exec(xml.slice(at + 1));
    if (!m) throw new Error(`a malformed tag near ${at}`);
    const element: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
    at += 1 + m[0].length;
    for (;;) {
      const before = at;
      skipSpace();
      if (xml.startsWith('/>', at) || xml[at] === '>') break;
      if (at === before) throw new Error(`no space before an attribute near ${at}`);
      const a = NAME.exec(xml.slice(at));
      if (!a) throw new Error(`a malformed attribute near ${at}`);
      at += a[0].length;
      skipSpace();
      if (xml[at] !== '=') throw new Error(`attribute ${a[0]} without a value near ${at}`);
      at += 1;
      skipSpace();
      const quote = xml[at];
      if (quote !== '"' && quote !== "'") throw new Error(`attribute ${a[0]} without quotes near ${at}`);
      const end = xml.indexOf(quote, at + 1);
      if (end < 0) throw new Error('an unclosed attribute value');
      if (a[0] in element.attrs) throw new Error(`attribute ${a[0]} given twice`);
      element.attrs[a[0]] = decode(xml.slice(at + 1, end), at);
      at = end + 1;
    }
    const scope = new Set<string>();
    for (const name of Object.keys(element.attrs)) {
      if (name === 'xmlns') scope.add('');
      else if (name.startsWith('xmlns:')) scope.add(name.slice(6));
    }
    scopes.push(scope);
    checkPrefix(element.name, true);
    for (const name of Object.keys(element.attrs)) if (!name.startsWith('xmlns')) checkPrefix(name, false);
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (xml.startsWith('/>', at)) {
      scopes.pop();
      at += 2;
    } else {
      stack.push(element);
      at += 1;
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element below (and including) `e`, depth first. */
export function descendants(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(descendants)];
}

/** The first child of `e` named `name`. */
export function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name);
}
