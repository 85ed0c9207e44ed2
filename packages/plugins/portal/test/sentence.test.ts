/** `sentence()`: a message shown before a page's own sentence ends in exactly one full stop. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sentence } from '../src/node/runtime/html';

test('adds a full stop where there is none, keeps one where there is one', () => {
  assert.is(sentence('The request is not valid'), 'The request is not valid.');
  assert.is(sentence('The request is not valid.'), 'The request is not valid.');
  assert.is(sentence('Too many dots... '), 'Too many dots.');
});

test.run();
