// API Gateway's mapping-template variables ($input, $util) and the Java methods templates call, with
// the examples of "Variables for data transformations for API Gateway" and its examples page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidJsonError,
  TemplateRuntimeError,
  evaluateJsonPath,
  fromPlain,
  inputVariable,
  renderTemplate,
  utilVariable,
} from '../../../src/services/http-events/vtl/index.js';

const params = { path: { id: 'abc' }, querystring: { name: 'Rex', q: 'a b' }, header: { 'X-Trace': 't1' } };
const render = (template: string, body = '', vars: Record<string, unknown> = {}): string =>
  renderTemplate(template, { input: inputVariable(body, params), util: utilVariable(), ...vars });

const PETS =
  '[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]';

test('the PetStore example: $input.path, #foreach, string interpolation', () => {
  const template = [
    "#set($inputRoot = $input.path('$'))",
    '[',
    '#foreach($elem in $inputRoot)',
    '  {',
    '    "description" : "Item $elem.id is a $elem.type.",',
    '    "askingPrice" : $elem.price',
    '  }#if($foreach.hasNext),#end',
    '#end',
    ']',
  ].join('\n');
  assert.deepEqual(JSON.parse(render(template, PETS)), [
    { description: 'Item 1 is a dog.', askingPrice: 249.99 },
    { description: 'Item 2 is a cat.', askingPrice: 124.99 },
    { description: 'Item 3 is a fish.', askingPrice: 0.99 },
  ]);
});

test('$input.json, $input.path and $input.body', () => {
  const body = '{"things":{"1":{},"2":{},"3":{}},"name":"x","list":[1,2],"n":null}';
  const template =
    '{"id":"$input.params(\'id\')","count":"$input.path(\'$.things\').size()","things":$input.json(\'$.things\')}';
  assert.deepEqual(JSON.parse(render(template, body)), {
    id: 'abc',
    count: '3',
    things: { '1': {}, '2': {}, '3': {} },
  });
  assert.equal(
    render("$input.json('$.name')|$input.json('$.list[1]')|$input.json('$.n')", body),
    '"x"|2|null',
  );
  assert.equal(render("[$input.json('$.missing')][$input.path('$.missing')]", body), '[][]');
  assert.equal(
    render("$input.path('$').name $input.path('$.list') $input.path('$').list", body),
    'x [1,2] [1,2]',
  );
  assert.equal(render('$input.body', body), body);
  // An empty payload reads as {}.
  assert.equal(render("$input.body|$input.json('$')|$input.path('$').size()", ''), '{}|{}|0');
  assert.throws(() => render("$input.json('$')", 'not json'), InvalidJsonError);
  assert.throws(() => render("$input.json('$')", 'not json'), /Could not parse request body into json/);
  // A map prints as Java's toString.
  assert.equal(render("$input.path('$.things')", body), '{1={}, 2={}, 3={}}');
});

test('$input.params: one by name (path, query string, header in any case), or all', () => {
  assert.equal(
    render("$input.params('id') $input.params('name') $input.params('x-trace') [$input.params('none')]"),
    'abc Rex t1 []',
  );
  const all = [
    '#set($allParams = $input.params())',
    '{',
    '#foreach($type in $allParams.keySet())',
    '  #set($params = $allParams.get($type))',
    '  "$type" : {',
    '  #foreach($paramName in $params.keySet())',
    '    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"#if($foreach.hasNext),#end',
    '  #end',
    '  }#if($foreach.hasNext),#end',
    '#end',
    '}',
  ].join('\n');
  assert.deepEqual(JSON.parse(render(all)), params);
  assert.equal(render('$input.params().header.get("X-Trace") $input.params().querystring.q'), 't1 a b');
});

test('$util functions', () => {
  assert.equal(
    render(`$util.escapeJavaScript("it's \\"q\\" a/b\n\té")`),
    `it\\'s \\\\\\"q\\\\\\" a\\/b\\n\\t\\u00E9`,
  );
  assert.equal(
    render(`$util.escapeJavaScript("it's").replaceAll("\\\\'", "'")`),
    "it's",
    'the replaceAll idiom of the $util reference',
  );
  assert.equal(render('$util.urlEncode("a b&c=d/é*~")'), 'a+b%26c%3Dd%2F%C3%A9*%7E');
  assert.equal(render('$util.urlDecode("a+b%26c")'), 'a b&c');
  assert.equal(render('$util.base64Encode("hello") $util.base64Decode("aGVsbG8=")'), 'aGVsbG8= hello');
  const errorMessage = JSON.stringify({
    errorMessage: JSON.stringify({ key1: 'var1', key2: { arr: [1, 2, 3] } }),
  });
  const template =
    '#set ($errorMessageObj = $util.parseJson($input.path(\'$.errorMessage\')))\n{\n   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]\n}';
  assert.deepEqual(JSON.parse(render(template, errorMessage)), { errorMessageObjKey2ArrVal: 1 });
  assert.throws(() => render('$util.parseJson("{bad")'), TemplateRuntimeError);
  assert.equal(render('[$util.noSuchFunction("x")]'), '[]');
});

test('String methods with Java semantics', () => {
  const vars = { s: fromPlain('  Hello, World  ') };
  const r = (t: string): string => render(t, '', vars);
  assert.equal(r('$s.trim().length() $s.length()'), '12 16');
  assert.equal(r('$s.trim().toLowerCase() $s.trim().toUpperCase()'), 'hello, world HELLO, WORLD');
  assert.equal(
    r('$s.contains("World") $s.startsWith("  H") $s.trim().endsWith("d") $s.isEmpty()'),
    'true true true false',
  );
  assert.equal(
    r('$s.indexOf("o") $s.lastIndexOf("o") $s.trim().substring(7) $s.trim().substring(0, 5)'),
    '6 10 World Hello',
  );
  assert.equal(
    r(
      '$s.trim().replace("l", "L") $s.trim().replaceAll("[aeiou]", "*") $s.trim().replaceFirst("(\\w+)", "<$1>")',
    ),
    'HeLLo, WorLd H*ll*, W*rld <Hello>, World',
  );
  assert.equal(
    r('$s.trim().split(", ") $s.trim().split(",").size() $s.trim().charAt(4)'),
    '[Hello, World] 2 o',
  );
  assert.equal(
    r(
      '$s.trim().matches("H.*d") $s.trim().equals("Hello, World") $s.trim().equalsIgnoreCase("hello, world")',
    ),
    'true true true',
  );
  assert.equal(render('$x.split(",")', '', { x: 'a,b,,' }), '[a, b]');
  assert.throws(() => r('$s.charAt(99)'), TemplateRuntimeError);
  assert.throws(() => r('$s.substring(3, 1)'), TemplateRuntimeError);
});

test('List and Map methods', () => {
  const r = (t: string): string => render(t);
  assert.equal(
    r('#set($l = [3, 1])#set($_ = $l.add(2))$l $l.size() $l.contains(1) $l.indexOf(2) $l.isEmpty()'),
    '[3, 1, 2] 3 true 2 false',
  );
  assert.equal(
    r('#set($l = ["a", "b", "c"])#set($_ = $l.remove(0))$l $l.subList(0, 1) $l.get(1)'),
    '[b, c] [b] c',
  );
  assert.equal(
    r('#set($m = {"a": 1})#set($_ = $m.put("b", 2))$m $m.keySet() $m.values() $m.containsKey("b") $m.size()'),
    '{a=1, b=2} [a, b] [1, 2] true 2',
  );
  assert.equal(
    r(
      '#set($m = {"a": 1})#set($_ = $m.remove("a"))$m.isEmpty() [$m.empty] $m.getOrDefault("z", 9) $m.keySet().empty',
    ),
    'true [] 9 true',
  );
  assert.equal(
    r('#set($n = 42)$n.toString().length() $n.doubleValue() #set($b = true)$b.toString()'),
    '2 42.0 true',
  );
  assert.throws(() => r('#set($l = [])$l.get(0)'), TemplateRuntimeError);
});

test('JSONPath: members, elements, wildcards, descendants, unions', () => {
  const doc = {
    store: {
      book: [
        { title: 'A', price: 8 },
        { title: 'B', price: 12 },
      ],
      'odd key': 1,
    },
  };
  assert.deepEqual(evaluateJsonPath(doc, '$.store.book[0].title'), { found: true, value: 'A' });
  assert.deepEqual(evaluateJsonPath(doc, "$['store']['odd key']"), { found: true, value: 1 });
  assert.deepEqual(evaluateJsonPath(doc, '$.store.book[-1].price'), { found: true, value: 12 });
  assert.deepEqual(evaluateJsonPath(doc, '$.store.book[*].title'), { found: true, value: ['A', 'B'] });
  assert.deepEqual(evaluateJsonPath(doc, '$..price'), { found: true, value: [8, 12] });
  assert.deepEqual(evaluateJsonPath(doc, '$.store.book[0,1].price'), { found: true, value: [8, 12] });
  assert.deepEqual(evaluateJsonPath(doc, '$.store.nothing'), { found: false });
  assert.deepEqual(evaluateJsonPath(doc, '$'), { found: true, value: doc });
  assert.throws(() => evaluateJsonPath(doc, 'store'), TemplateRuntimeError);
  assert.throws(() => evaluateJsonPath(doc, '$.store[?(@.x)]'), TemplateRuntimeError);
});

test('$input and $util expose their own methods and properties only, never Object.prototype members', () => {
  assert.equal(render('$util.constructor("x")|$util.toString()|$input.hasOwnProperty("x")'), '||');
  assert.equal(render('[$util.__proto__][$util.constructor][$input.constructor]'), '[][][]');
});
