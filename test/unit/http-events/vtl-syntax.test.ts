// The Velocity language itself: references, directives, comments, escapes, literals, operators and
// the whitespace of directive lines (https://velocity.apache.org/engine/1.7/vtl-reference.html).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TemplateRuntimeError,
  TemplateSyntaxError,
  fromPlain,
  renderTemplate,
} from '../../../src/services/http-events/vtl/index.js';

const render = (template: string, vars: Record<string, unknown> = {}): string =>
  renderTemplate(template, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, fromPlain(v)])));

test('references: $x, ${x}, $!x, chains, and null printing nothing', () => {
  const vars = { name: 'pet', obj: { a: { b: 'deep' } }, list: ['x', 'y'] };
  assert.equal(render('$name ${name}s $!name', vars), 'pet pets pet');
  assert.equal(render('$obj.a.b|${obj.a.b}|$obj.a.missing|$nothing|$!nothing', vars), 'deep|deep|||');
  assert.equal(render('$list[1] $list.get(0) $list.size()', vars), 'y x 2');
  assert.equal(render("$obj['a'].b", vars), 'deep');
  // `$` that starts no reference, and a `.` that ends a sentence, are text.
  assert.equal(render('cost $5 or $ name. $name.', vars), 'cost $5 or $ name. pet.');
  assert.equal(render('${name', vars), '${name');
  assert.equal(render('#fff $name#', vars), '#fff pet#');
});

test('#set with literals of every kind, and property assignment into maps', () => {
  assert.equal(render('#set($a = 1)#set($b = "two")#set($c = \'three\')$a $b $c'), '1 two three');
  assert.equal(render('#set($l = [1, "a", true])$l $l.size()'), '[1, a, true] 3');
  assert.equal(render('#set($m = {"k": 1, "j": [2]})$m $m.k $m.j[0]'), '{k=1, j=[2]} 1 2');
  assert.equal(render('#set($r = [1..4])$r #set($d = [3..1])$d'), '[1, 2, 3, 4] [3, 2, 1]');
  assert.equal(render('#set($m = {})#set($m.x = 5)#set($m["y"] = 6)$m'), '{x=5, y=6}');
  // A double-quoted string is a template; a single-quoted one is not.
  assert.equal(render('#set($n = "pet")#set($s = "my $n")#set($t = \'my $n\')$s|$t'), 'my pet|my $n');
  // #set of null leaves the variable unchanged (Velocity 1.7).
  assert.equal(render('#set($a = 1)#set($a = $nothing)$a'), '1');
  assert.equal(render('#set($q = "say ""hi""")$q'), 'say "hi"');
});

test('#if/#elseif/#else with comparison and logical operators', () => {
  const t = '#if($n > 10)big#elseif($n >= 5 && $n != 7)mid#elseif($n == 7 || !$n)seven#{else}small#end';
  assert.equal(render(t, { n: 11 }), 'big');
  assert.equal(render(t, { n: 5 }), 'mid');
  assert.equal(render(t, { n: 7 }), 'seven');
  assert.equal(render(t, { n: 1 }), 'small');
  assert.equal(render('#if($x)yes#else no#end', {}), ' no');
  assert.equal(render('#if($x eq "a" and not $y)ok#end', { x: 'a' }), 'ok');
  assert.equal(render('#if("1" == 1)loose#end'), 'loose');
  assert.equal(render('#if($e == "")empty#end', { e: '' }), 'empty');
  assert.equal(
    render('#if($a lt $b)lt#end #if($a le 1)le#end #if("a" < "b")str#end', { a: 1, b: 2 }),
    'lt le str',
  );
});

test('arithmetic: integer division, doubles, string concatenation', () => {
  assert.equal(render('#set($x = 7 / 2)$x #set($y = 7.0 / 2)$y #set($z = 7 % 3)$z'), '3 3.5 1');
  assert.equal(render('#set($x = 2 * 3 + 4)$x #set($y = 2 * (3 + 4))$y #set($n = -$x)$n'), '10 14 -10');
  assert.equal(render('#set($d = 1.5 + 1.5)$d'), '3.0');
  assert.equal(render('#set($s = "a" + 1)$s'), 'a1');
  assert.equal(render('#set($bad = 1 / 0)[$bad]'), '[]');
  assert.equal(render('#set($c = $foreach.count + 1)$c'), '');
});

test('#foreach with $foreach.hasNext/count/index, $velocityCount, #break, maps and nesting', () => {
  const vars = { items: ['a', 'b', 'c'], m: { x: 1, y: 2 } };
  assert.equal(render('#foreach($i in $items)$i#if($foreach.hasNext),#end#end', vars), 'a,b,c');
  assert.equal(
    render('#foreach($i in $items)$foreach.index:$foreach.count:$velocityCount #end', vars),
    '0:1:1 1:2:2 2:3:3 ',
  );
  assert.equal(render('#foreach($i in $items)#if($i == "b")#break#end$i#end', vars), 'a');
  assert.equal(
    render('#foreach($v in $m)$v#end #foreach($k in $m.keySet())$k=$m.get($k);#end', vars),
    '12 x=1;y=2;',
  );
  assert.equal(
    render('#foreach($a in [1, 2])#foreach($b in ["x", "y"])$a$b$foreach.parent.count #end#end'),
    '1x1 1y1 2x2 2y2 ',
  );
  assert.equal(render('#foreach($e in $m.entrySet())$e.key->$e.value #end', vars), 'x->1 y->2 ');
  // The loop variable is restored afterwards; iterating null does nothing.
  assert.equal(
    render('#set($i = "before")#foreach($i in $items)#end$i #foreach($x in $none)never#end', vars),
    'before ',
  );
});

test('comments, unparsed blocks, escapes and #stop', () => {
  assert.equal(render('a## comment\nb'), 'ab');
  assert.equal(render('a#* block\ncomment *#b'), 'ab');
  assert.equal(render('#[[ $not #if ]]#'), ' $not #if ');
  assert.equal(render('\\$name \\\\$name \\#if', { name: 'x' }), '$name \\x #if');
  assert.equal(render('{"a": "\\"quoted\\""}'), '{"a": "\\"quoted\\""}');
  assert.equal(render('one#stop two'), 'one');
});

test('directive lines vanish from the output', () => {
  const t = ['{', '  #set($x = 1)', '  #if($x == 1)', '  "x": $x', '  #else', '  "x": 0', '  #end', '}'].join(
    '\n',
  );
  assert.equal(render(t), '{\n  "x": 1\n}');
  const loop = ['[', '#foreach($i in [1, 2])', '  $i#if($foreach.hasNext),#end', '#end', ']'].join('\n');
  assert.equal(render(loop), '[\n  1,\n  2\n]');
});

test('#define and #macro', () => {
  assert.equal(render('#define($block)v=$v#end#set($v = 1)$block #set($v = 2)$block'), 'v=1 v=2');
  assert.equal(
    render('#macro(greet $who $how)$how, $who!#end#greet("you" "Hi") #greet("me", "Yo")'),
    'Hi, you! Yo, me!',
  );
  assert.equal(render('#undefined("x")'), '#undefined("x")');
});

test('parse errors and runtime errors are TemplateErrors', () => {
  assert.throws(() => render('#if($x)never closed'), TemplateSyntaxError);
  assert.throws(() => render('#end'), TemplateSyntaxError);
  assert.throws(() => render('#set($x = )'), TemplateSyntaxError);
  assert.throws(() => render('#set($x = "unterminated)'), TemplateSyntaxError);
  assert.throws(() => render('$s.substring(5)', { s: 'abc' }), TemplateRuntimeError);
  assert.throws(() => render('#foreach($i in [1..2000000])#end'), TemplateRuntimeError);
  assert.throws(
    () =>
      renderTemplate(
        '#foreach($i in [1..100])xxxxxxxxxx#end',
        {},
        { maxIterations: 1000, maxOutput: 500, maxDepth: 4 },
      ),
    /too large/,
  );
  assert.throws(() => render('#macro(r)#r()#end#r()'), /nest too deeply/);
});
