// Output of a process becomes log lines; X-Amz-Log-Result gets the last 4 KB of an invocation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvocationTail, LogCollector, TAIL_BYTES } from '../../../src/runtime/log-collector.js';
import { MemorySink } from './helpers.js';

test('splits chunks into lines, keeping partial lines until their newline', async () => {
  const sink = new MemorySink();
  const c = new LogCollector(sink, '/aws/lambda/fn', 'stream');
  c.data('stdout', Buffer.from('one\ntw'));
  c.data('stdout', Buffer.from('o\nthree'));
  c.data('stderr', Buffer.from('err\n'));
  c.flush();
  assert.deepEqual(sink.messages(), ['one', 'two', 'err']);
  c.flushPartial();
  c.flush();
  assert.deepEqual(sink.messages(), ['one', 'two', 'err', 'three']);
  assert.equal(sink.lines[0]?.group, '/aws/lambda/fn');
  assert.equal(sink.lines[0]?.stream, 'stream');
});

test('lines reach the sink on their own, batched', async () => {
  const sink = new MemorySink();
  const c = new LogCollector(sink, 'g', 's');
  c.line('a');
  c.line('b');
  assert.equal(sink.lines.length, 0);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sink.messages(), ['a', 'b']);
});

test('the tail is the last 4 KB, cut at a character boundary', () => {
  const tail = new InvocationTail();
  for (let i = 0; i < 200; i++) tail.add(`line ${i} ${'é'.repeat(20)}`);
  const text = tail.text();
  assert.ok(Buffer.byteLength(text) <= TAIL_BYTES);
  assert.ok(Buffer.byteLength(text) > TAIL_BYTES - 4);
  assert.ok(text.endsWith(`line 199 ${'é'.repeat(20)}\n`));
  assert.ok(!text.includes('\ufffd'));
});

test('a short tail is whole', () => {
  const tail = new InvocationTail();
  tail.add('START RequestId: x Version: $LATEST');
  tail.add('END RequestId: x');
  assert.equal(tail.text(), 'START RequestId: x Version: $LATEST\nEND RequestId: x\n');
});

test('a busy log is written in batches: right away after a quiet spell, then at most every 20 ms', async () => {
  const sink = new MemorySink();
  const c = new LogCollector(sink, 'g', 's');
  const writes = (): number => new Set(sink.lines.map((l) => l.batch)).size;
  c.line('first');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sink.messages(), ['first']);
  c.line('second');
  c.line('third');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sink.messages(), ['first'], 'held back: the last write was just now');
  await sink.nextWrite();
  assert.deepEqual(sink.messages(), ['first', 'second', 'third']);
  assert.equal(writes(), 2);
});

test('a line that may wait goes out with the next one, or on its own after a while', async () => {
  const sink = new MemorySink();
  const c = new LogCollector(sink, 'g', 's');
  c.line('START', true);
  await new Promise((r) => setImmediate(r)); // where a line that may not wait is written
  assert.equal(sink.lines.length, 0);
  c.line('END');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sink.messages(), ['START', 'END']);
  c.line('START again', true);
  await sink.nextWrite();
  assert.deepEqual(sink.messages(), ['START', 'END', 'START again']);
});
